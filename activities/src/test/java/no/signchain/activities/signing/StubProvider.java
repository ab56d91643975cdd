package no.signchain.activities.signing;

import static org.mockito.Mockito.mock;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.session.SigningSessionLedger;
import org.springframework.transaction.PlatformTransactionManager;

/** A provider whose one session is in the given state; every call a test does not override is unexpected. */
class StubProvider implements SigningProvider {

    volatile ProviderSessionState state;

    StubProvider(ProviderSessionState state) {
        this.state = state;
    }

    /** Signing activities over this provider, with the given document store and the rest of the store mocked. */
    SigningActivitiesImpl activities(DocumentVersions documents) {
        return new SigningActivitiesImpl(
                this,
                mock(ContractRepository.class),
                documents,
                mock(SigningSessionLedger.class),
                mock(PlatformTransactionManager.class),
                mock(ContractEvents.class),
                mock(LateSessionSweeps.class));
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
