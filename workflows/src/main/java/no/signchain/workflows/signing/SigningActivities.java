package no.signchain.workflows.signing;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import no.signchain.workflows.contract.DocumentVersionRef;

/**
 * What the contract workflow asks of a signing provider. Provider-neutral: Signicat Sign API v2 is the first
 * implementation; others plug in behind the same methods. Every method is idempotent, because Temporal retries
 * an activity whose worker died half-way.
 */
@ActivityInterface
public interface SigningActivities {

    /**
     * Open the signer's session on the given document version, or return the one an earlier attempt opened.
     * Never leaves the signer with two open sessions.
     */
    @ActivityMethod
    OpenedSession openSession(OpenSessionRequest request);

    /** Read the session's state from the provider: the truth that events only hint at. */
    @ActivityMethod
    SessionReading readSession(SignerStep step, String sessionRef);

    /**
     * Read the session's state and, when it is signed, keep the signed document as {@link #collectSignedDocument}
     * would, in the same activity: a handoff then takes one round trip through the server instead of two. A signed
     * session whose document cannot be kept now (not offered yet, a failed download) is returned as signed without a
     * document, for {@link #collectSignedDocument} to collect with its own retries; any other state, without one.
     */
    @ActivityMethod
    SessionReading readSessionAndCollect(SignerStep step, String sessionRef);

    /**
     * Download the signed result of the session and store it as the document version after this signer;
     * returns the stored version. Storing twice yields the same version.
     */
    @ActivityMethod
    DocumentVersionRef collectSignedDocument(SignerStep step, String sessionRef);

    /** Move an open session's due date (the signer's deadline changed). */
    @ActivityMethod
    void changeSessionDueDate(SignerStep step, String sessionRef, java.time.Instant dueAt);

    /** Withdraw an open session (its deadline passed, or the contract ended). A session already gone is fine. */
    @ActivityMethod
    void withdrawSession(SignerStep step, String sessionRef);

    /**
     * Withdraw every session of the step's attempt at the provider but the one signchain kept (none, if it never
     * kept one): what lost "open" requests left behind. Returns how many were withdrawn.
     */
    @ActivityMethod
    int withdrawLateSessions(SignerStep step, int sessionAttempt);
}
