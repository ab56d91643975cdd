package no.signchain.activities.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.store.document.DocumentVersionInfo;
import no.signchain.store.document.DocumentVersions;
import no.signchain.workflows.contract.DocumentVersionRef;
import no.signchain.workflows.signing.SessionReading;
import no.signchain.workflows.signing.SessionState;
import no.signchain.workflows.signing.SignerStep;
import no.signchain.workflows.signing.SigningActivities;
import org.junit.jupiter.api.Test;

/**
 * {@code readSessionAndCollect}: a read that keeps the signed document when it can, and otherwise answers as a plain
 * read, leaving the document to {@code collectSignedDocument} so a collection's failures stay what they were.
 */
class ReadSessionAndCollectTest {

    private static final SignerStep STEP = new SignerStep("6f1f6a55-57f4-4d5a-a2d4-1d2b07d0f0c1", 2);
    private static final DocumentVersionRef VERSION_2 = new DocumentVersionRef(STEP.contractId(), 2);
    private static final byte[] SIGNED_PDF = "%PDF-1.7\nsigned by signer 2\n%%EOF\n".getBytes(StandardCharsets.UTF_8);

    private final DocumentVersions documents = mock(DocumentVersions.class);
    private final Provider provider = new Provider();
    private final SigningActivitiesImpl activities = provider.activities(documents);

    @Test
    void aSignedSessionsDocumentIsKeptAsTheStepsVersionInTheSameRead() {
        when(documents.find(VERSION_2)).thenReturn(Optional.empty());
        AtomicReference<byte[]> stored = new AtomicReference<>();
        when(documents.store(eq(VERSION_2), eq(2), eq("application/pdf"), any()))
                .thenAnswer(call -> {
                    stored.set(Files.readAllBytes(call.getArgument(3, Path.class)));
                    return null;
                });
        provider.state = new ProviderSessionState("s2", SessionState.SIGNED, "doc-2");

        SessionReading reading = activities.readSessionAndCollect(STEP, "s2");

        assertThat(reading).isEqualTo(new SessionReading("s2", SessionState.SIGNED, VERSION_2));
        assertThat(stored.get()).isEqualTo(SIGNED_PDF);
        assertThat(provider.downloads).hasValue(1);
    }

    @Test
    void aSessionNotSignedIsReadWithoutDocument() {
        for (SessionState state : List.of(SessionState.PENDING, SessionState.REJECTED, SessionState.EXPIRED)) {
            provider.state = new ProviderSessionState("s2", state, null);

            assertThat(activities.readSessionAndCollect(STEP, "s2")).isEqualTo(new SessionReading("s2", state, null));
        }
        assertThat(provider.downloads).hasValue(0);
        verify(documents, never()).store(any(), any(), anyString(), any());
    }

    @Test
    void aVersionKeptByAnEarlierAttemptIsNotDownloadedAgain() {
        when(documents.find(VERSION_2)).thenReturn(Optional.of(mock(DocumentVersionInfo.class)));
        provider.state = new ProviderSessionState("s2", SessionState.SIGNED, "doc-2");

        assertThat(activities.readSessionAndCollect(STEP, "s2"))
                .isEqualTo(new SessionReading("s2", SessionState.SIGNED, VERSION_2));
        assertThat(provider.downloads).hasValue(0);
    }

    @Test
    void aSignatureWhoseDocumentCannotBeKeptNowIsLeftToACollection() {
        when(documents.find(VERSION_2)).thenReturn(Optional.empty());
        SessionReading signed = new SessionReading("s2", SessionState.SIGNED, null);

        // Not offered yet: the provider catching up.
        provider.state = new ProviderSessionState("s2", SessionState.SIGNED, null);
        assertThat(activities.readSessionAndCollect(STEP, "s2")).isEqualTo(signed);

        // The download fails, passing or for good.
        provider.state = new ProviderSessionState("s2", SessionState.SIGNED, "doc-2");
        provider.downloadFailure = new SigningProviderException("503", false, null, null);
        assertThat(activities.readSessionAndCollect(STEP, "s2")).isEqualTo(signed);
        provider.downloadFailure = new SigningProviderException("404", true, null, null);
        assertThat(activities.readSessionAndCollect(STEP, "s2")).isEqualTo(signed);

        // Something that is not a PDF.
        provider.downloadFailure = null;
        provider.body = "<html>oops</html>".getBytes(StandardCharsets.UTF_8);
        assertThat(activities.readSessionAndCollect(STEP, "s2")).isEqualTo(signed);

        verify(documents, never()).store(any(), anyInt(), anyString(), any());
    }

    @Test
    void aFailedReadFailsTheAttemptAsAPlainReadDoes() {
        provider.readFailure = new SigningProviderException("503", false, null, null);

        ApplicationFailure failure =
                catchThrowableOfType(ApplicationFailure.class, () -> activities.readSessionAndCollect(STEP, "s2"));

        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(failure.getType()).isEqualTo("ProviderUnavailable");
    }

    /**
     * The read comes before any download and may be slow too: the worker's liveness heartbeat covers it, or a read
     * longer than the heartbeat timeout would be abandoned and retried while it still runs.
     */
    @Test
    void theHeartbeatCoversTheReadItself() {
        provider.state = new ProviderSessionState("s2", SessionState.PENDING, null);
        provider.readTakes = Duration.ofMillis(1_500);
        AtomicInteger heartbeats = new AtomicInteger();
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(activities);
            env.setActivityHeartbeatListener(Object.class, details -> heartbeats.incrementAndGet());
            SigningActivities stub = env.newActivityStub(
                    SigningActivities.class,
                    ActivityOptions.newBuilder()
                            .setStartToCloseTimeout(Duration.ofSeconds(30))
                            .setHeartbeatTimeout(Duration.ofMillis(300))
                            .build());

            assertThat(stub.readSessionAndCollect(STEP, "s2"))
                    .isEqualTo(new SessionReading("s2", SessionState.PENDING, null));
        } finally {
            env.close();
        }
        // As in LivenessHeartbeatTest: at most one heartbeat per 80 % of the timeout reaches the listener.
        assertThat(heartbeats.get()).isGreaterThanOrEqualTo(3);
    }

    /** A provider with one session, whose signed document is {@link #body}. */
    private static final class Provider extends StubProvider {
        volatile SigningProviderException readFailure;
        volatile Duration readTakes = Duration.ZERO;
        volatile SigningProviderException downloadFailure;
        volatile byte[] body = SIGNED_PDF;
        final AtomicInteger downloads = new AtomicInteger();

        Provider() {
            super(null);
        }

        @Override
        public ProviderSessionState readSession(String sessionRef) {
            if (readFailure != null) {
                throw readFailure;
            }
            try {
                Thread.sleep(readTakes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return state;
        }

        @Override
        public void downloadSignedDocument(ProviderSessionState signed, OutputStream sink) {
            downloads.incrementAndGet();
            if (downloadFailure != null) {
                throw downloadFailure;
            }
            try {
                sink.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
