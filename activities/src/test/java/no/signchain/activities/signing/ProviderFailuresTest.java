package no.signchain.activities.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.temporal.failure.ApplicationFailure;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.workflows.signing.SessionState;
import no.signchain.workflows.signing.SignerStep;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;

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
                () -> activities(new StateProvider(new ProviderSessionState("s1", SessionState.SIGNED, null)))
                        .collectSignedDocument(STEP, "s1"));
        ApplicationFailure lagging = catchThrowableOfType(
                ApplicationFailure.class,
                () -> activities(new StateProvider(new ProviderSessionState("s1", SessionState.PENDING, null)))
                        .collectSignedDocument(STEP, "s1"));
        ApplicationFailure rejected = catchThrowableOfType(
                ApplicationFailure.class,
                () -> activities(new StateProvider(new ProviderSessionState("s1", SessionState.REJECTED, null)))
                        .collectSignedDocument(STEP, "s1"));

        assertThat(notReady.isNonRetryable()).isFalse();
        assertThat(notReady.getType()).isEqualTo("SignedDocumentNotReady");
        assertThat(lagging.isNonRetryable()).isFalse();
        assertThat(rejected.isNonRetryable()).isTrue();
        assertThat(rejected.getType()).isEqualTo("SessionNotSigned");
    }

    private SigningActivitiesImpl activities(SigningProvider provider) {
        return new SigningActivitiesImpl(
                provider,
                mock(ContractRepository.class),
                documents,
                mock(SigningSessionLedger.class),
                mock(PlatformTransactionManager.class),
                mock(ContractEvents.class),
                mock(LateSessionSweeps.class));
    }

    /** A provider whose every call fails the given way. */
    private static class FailingProvider extends StateProvider {
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

    /** A provider whose session is in the given state. */
    private static class StateProvider implements SigningProvider {
        private final ProviderSessionState state;

        StateProvider(ProviderSessionState state) {
            this.state = state;
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public ProviderSession openSession(SessionOrder order, Path document) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ProviderSession> findSessions(String externalReference, Instant createdSince) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProviderSessionState readSession(String sessionRef) {
            return state;
        }

        @Override
        public void downloadSignedDocument(ProviderSessionState signed, OutputStream sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void withdrawSession(String sessionRef) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changeDueDate(String sessionRef, Instant dueAt) {
            throw new UnsupportedOperationException();
        }
    }
}
