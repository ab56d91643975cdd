package no.signchain.activities.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Optional;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.store.document.DocumentVersions;
import no.signchain.workflows.signing.SessionState;
import no.signchain.workflows.signing.SignerStep;
import org.junit.jupiter.api.Test;

/** How provider failures become Temporal failures: what is retried, and what reaches history. */
class ProviderFailuresTest {

    private static final SignerStep STEP = new SignerStep("6f1f6a55-57f4-4d5a-a2d4-1d2b07d0f0c1", 1);

    private final DocumentVersions documents = mock(DocumentVersions.class);

    @Test
    void aPermanentRefusalStopsRetriesAndCarriesNeitherTheNationalIdNorTheCauseChain() {
        SigningActivitiesImpl activities = activities(new FailingProvider(new SigningProviderException(
                "Signicat GET /signing-sessions/{sessionId} 400 body: signer 06046517928 unknown",
                true,
                null,
                new IllegalStateException("parser saw {\"signer\":\"06046517928\"}"))));

        ApplicationFailure failure =
                catchThrowableOfType(ApplicationFailure.class, () -> activities.readSession(STEP, "s1"));

        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getType()).isEqualTo("ProviderRefused");
        assertThat(failure.getOriginalMessage())
                .contains("400", "signer *********** unknown")
                .doesNotContain("06046517928");
        assertThat(failure.getCause())
                .as("history stores the whole cause chain")
                .isNull();
    }

    @Test
    void aPassingFailureIsRetriedAndHonoursRetryAfter() {
        ApplicationFailure busy = catchThrowableOfType(
                ApplicationFailure.class,
                () -> activities(new FailingProvider(new SigningProviderException(
                                "429 for 06046517928", false, Duration.ofSeconds(7), null)))
                        .readSession(STEP, "s1"));
        ApplicationFailure down = catchThrowableOfType(
                ApplicationFailure.class,
                () -> activities(new FailingProvider(
                                new SigningProviderException("503", false, null, new RuntimeException("06046517928"))))
                        .readSession(STEP, "s1"));

        assertThat(busy.isNonRetryable()).isFalse();
        assertThat(busy.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
        assertThat(busy.getOriginalMessage()).doesNotContain("06046517928");
        assertThat(down.isNonRetryable()).isFalse();
        assertThat(down.getType()).isEqualTo("ProviderUnavailable");
        assertThat(down.getCause()).isNull();
    }

    @Test
    void aSignedSessionWithoutItsDocumentYetIsRetriedNotFailed() {
        when(documents.find(any())).thenReturn(Optional.empty());

        ApplicationFailure notReady = catchThrowableOfType(
                ApplicationFailure.class,
                () -> activities(new StubProvider(new ProviderSessionState("s1", SessionState.SIGNED, null)))
                        .collectSignedDocument(STEP, "s1"));
        ApplicationFailure lagging = catchThrowableOfType(
                ApplicationFailure.class,
                () -> activities(new StubProvider(new ProviderSessionState("s1", SessionState.PENDING, null)))
                        .collectSignedDocument(STEP, "s1"));
        ApplicationFailure rejected = catchThrowableOfType(
                ApplicationFailure.class,
                () -> activities(new StubProvider(new ProviderSessionState("s1", SessionState.REJECTED, null)))
                        .collectSignedDocument(STEP, "s1"));

        assertThat(notReady.isNonRetryable()).isFalse();
        assertThat(notReady.getType()).isEqualTo("SignedDocumentNotReady");
        assertThat(lagging.isNonRetryable()).isFalse();
        assertThat(rejected.isNonRetryable()).isTrue();
        assertThat(rejected.getType()).isEqualTo("SessionNotSigned");
    }

    private SigningActivitiesImpl activities(StubProvider provider) {
        return provider.activities(documents);
    }

    /** A provider whose every call fails the given way. */
    private static class FailingProvider extends StubProvider {
        private final SigningProviderException failure;

        FailingProvider(SigningProviderException failure) {
            super(null);
            this.failure = failure;
        }

        @Override
        public ProviderSessionState readSession(String sessionRef) {
            throw failure;
        }
    }
}
