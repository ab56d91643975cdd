package no.signchain.activities.signicat;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.activities.signicat.wire.DocumentReference;
import no.signchain.activities.signicat.wire.SessionDocument;
import no.signchain.activities.signicat.wire.SignicatDocumentCollection;
import no.signchain.activities.signicat.wire.SignicatSession;
import no.signchain.activities.signicat.wire.SignicatSessionPage;
import no.signchain.activities.signicat.wire.SignicatSessionQuery;
import no.signchain.activities.signicat.wire.SignicatSessionRequest;
import no.signchain.activities.signicat.wire.SignicatSigner;
import no.signchain.store.contract.NationalId;
import no.signchain.workflows.signing.SessionState;

/**
 * Signicat Sign API v2 as a {@link SigningProvider}: one Norwegian BankID PKI session per signer, on a document
 * uploaded for that session (Sign API v2 cannot hand one session's result to the next).
 */
public class SignicatSigningProvider implements SigningProvider {

    public static final String NAME = "signicat-v2";
    private static final int PAGE_SIZE = 100;

    private final SignApiClient client;

    public SignicatSigningProvider(SignApiClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Uploads, groups and opens in one go: an uploaded document not put in a session within 30 minutes is deleted
     * by Signicat, so the three calls belong together.
     */
    @Override
    public ProviderSession openSession(SessionOrder order, Path document) {
        return translated(() -> {
            DocumentReference uploaded = client.uploadDocument(document, "application/pdf");
            SignicatDocumentCollection collection = client.createDocumentCollection(List.of(uploaded.documentId()));
            SignicatSigner signer = SignicatSigner.verifiedByNationalIdentityNumber(
                    order.signer().nationalId());
            signer = new SignicatSigner(
                    signer.nationalIdentificationNumber(),
                    order.signer().email(),
                    order.signer().mobile(),
                    null,
                    signer.validations(),
                    null);
            SignicatSessionRequest request = SignicatSessionRequest.norwegianBankIdPki(
                            order.title(),
                            List.of(SessionDocument.sign(collection.id(), uploaded.documentId())),
                            order.signer().nationalId(),
                            order.dueAt())
                    .withSigner(signer)
                    .withExternalReference(order.externalReference());
            return toProviderSession(client.createSigningSession(request), order.dueAt());
        });
    }

    @Override
    public List<ProviderSession> findSessions(String externalReference, Instant createdSince) {
        return translated(() -> {
            // Sign API v2 cannot filter by external reference; the creation-time window keeps the scan short.
            List<ProviderSession> found = new ArrayList<>();
            int offset = 0;
            while (true) {
                SignicatSessionPage page = client.listSigningSessions(SignicatSessionQuery.all()
                        .withCreatedBetween(createdSince, null)
                        .withPage(offset, PAGE_SIZE));
                for (SignicatSession session : page.data()) {
                    if (externalReference.equals(session.externalReference())) {
                        found.add(toProviderSession(session, session.dueDate()));
                    }
                }
                if (!page.hasMore() || page.data().isEmpty()) {
                    return found;
                }
                offset += page.data().size();
            }
        });
    }

    @Override
    public ProviderSessionState readSession(String sessionRef) {
        return translated(() -> {
            SignicatSession session;
            try {
                session = client.getSigningSession(sessionRef);
            } catch (SignApiProblemException e) {
                if (e.isNotFound()) {
                    // Deleted after its due date, or withdrawn: it can no longer be signed.
                    return new ProviderSessionState(sessionRef, SessionState.EXPIRED, null);
                }
                throw e;
            }
            return new ProviderSessionState(
                    sessionRef, stateOf(session.lifecycle()), resultDocumentOf(session), signedBy(session));
        });
    }

    @Override
    public void downloadSignedDocument(ProviderSessionState signed, OutputStream sink) {
        translated(() -> client.downloadDocument(signed.resultDocumentRef(), sink));
    }

    @Override
    public void changeDueDate(String sessionRef, Instant dueAt) {
        translated(() -> client.updateSigningSessionDueDate(sessionRef, dueAt));
    }

    @Override
    public void withdrawSession(String sessionRef) {
        translated(() -> {
            try {
                client.deleteSigningSession(sessionRef);
            } catch (SignApiProblemException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
            return null;
        });
    }

    /**
     * Only SIGNED, READY/BLOCKED and REJECTED are confirmed Signicat states; any other final state counts as a
     * failed step, as signicat-notes.md decides, and an unknown state that is not final as still open.
     */
    static SessionState stateOf(SignicatSession.Lifecycle lifecycle) {
        if (lifecycle == null) {
            return SessionState.PENDING;
        }
        return switch (lifecycle.stateEnum()) {
            case SIGNED -> SessionState.SIGNED;
            case REJECTED -> SessionState.REJECTED;
            case EXPIRED -> SessionState.EXPIRED;
            default -> lifecycle.stateIsFinal() ? SessionState.FAILED : SessionState.PENDING;
        };
    }

    /**
     * Who Signicat says signed ({@code output.userInfo.nin}), taken as it comes: it is compared with the signer's
     * number, never shown, and a value that is not eleven digits names nobody signchain can match.
     */
    private static NationalId signedBy(SignicatSession session) {
        if (session.output() == null || session.output().userInfo() == null) {
            return null;
        }
        String nin = session.output().userInfo().nin();
        return nin != null && nin.matches("\\d{11}") ? NationalId.ofStored(nin) : null;
    }

    private static String resultDocumentOf(SignicatSession session) {
        if (session.output() == null || session.output().signatures() == null) {
            return null;
        }
        return session.output().signatures().stream()
                .map(SignicatSession.Signature::resultDocumentId)
                .filter(id -> id != null)
                .findFirst()
                .orElse(null);
    }

    private static ProviderSession toProviderSession(SignicatSession session, Instant fallbackDue) {
        String url =
                session.signatureUrl() == null ? null : session.signatureUrl().toString();
        Instant due = session.dueDate() != null ? session.dueDate() : fallbackDue;
        return new ProviderSession(session.id(), url, due);
    }

    private static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (SignApiProblemException e) {
            boolean permanent = !e.isRetryable() && !isConfiguration(e);
            throw new SigningProviderException(
                    e.getMessage(), permanent, e.retryAfter().orElse(null), e);
        } catch (SignApiIoException e) {
            throw new SigningProviderException(e.getMessage(), !e.isRetryable(), null, e);
        } catch (SignApiException e) {
            // A 2xx body this client cannot read: after a create the session may well exist, and a retry finds it by
            // its external reference; failing the contract would leave it open at Signicat.
            throw new SigningProviderException(e.getMessage(), false, null, e);
        }
    }

    /**
     * Refused credentials or permissions are fixed by an operator, not by the contract: during a bad secret rotation
     * contracts wait (as long as their activities' schedule-to-close allows) instead of failing by the hundred.
     */
    private static boolean isConfiguration(SignApiProblemException e) {
        return e.status() == 401
                || e.status() == 403
                || "invalid_client".equals(e.code())
                || "unauthorized_client".equals(e.code());
    }
}
