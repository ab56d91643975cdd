package no.signchain.activities.provider;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A signing service signchain can run a signer's step on. Signicat Sign API v2 is the first; ZignSec, Posten
 * signering and Sign API v1 plug in here, so the workflow and the activities never change per provider.
 *
 * <p>Implementations throw {@link SigningProviderException}, saying whether a retry can help. They never retry
 * themselves: Temporal retries the activity.
 */
public interface SigningProvider {

    /** A short stable name, stored with every session ({@code signicat-v2}). */
    String name();

    /** Upload the document and open a session for the signer on it. */
    ProviderSession openSession(SessionOrder order, Path document);

    /**
     * As {@link #openSession(SessionOrder, Path)}, telling {@code named} the session's id as soon as the provider has
     * named it, before anyone can sign in it. A provider that opens a session in several calls (ZignSec: create,
     * upload, start) overrides this: an attempt interrupted between those calls leaves a named session behind, which
     * the retry carries on with ({@link #resumeSession}) instead of creating a second one.
     */
    default ProviderSession openSession(SessionOrder order, Path document, Consumer<String> named) {
        return openSession(order, document);
    }

    /**
     * Carries on opening a session an interrupted attempt named (see above): the session, signable, or empty if it
     * can no longer become the step's session (gone, ended unsigned).
     */
    default Optional<ProviderSession> resumeSession(String sessionRef, SessionOrder order, Path document) {
        return Optional.empty();
    }

    /**
     * Every session opened with this external reference, created no earlier than {@code createdSince}: what earlier,
     * interrupted attempts left behind. Used before opening again, and after, so a signer never keeps two sessions.
     */
    List<ProviderSession> findSessions(String externalReference, Instant createdSince);

    /** The session's state now; a session the provider no longer knows reads as expired. */
    ProviderSessionState readSession(String sessionRef);

    /** Copy the signed result of a signed session to the sink, streamed. */
    void downloadSignedDocument(ProviderSessionState signed, OutputStream sink);

    /** Move an open session's due date (at most 45 days ahead at Signicat). */
    void changeDueDate(String sessionRef, Instant dueAt);

    /** Withdraw an open session; one already gone is not an error. */
    void withdrawSession(String sessionRef);

    /**
     * False for a provider with no way to withdraw a session ({@link #withdrawSession} then does nothing there): the
     * audit trail must not claim a withdrawal that did not happen.
     */
    default boolean canWithdraw() {
        return true;
    }
}
