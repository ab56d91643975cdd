package no.signchain.simulator.sessions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One signing session. Immutable request data plus a small mutable state guarded by {@code this}; state changes
 * go through {@link SessionService} only.
 */
public final class SigningSession {

    public record SessionDocument(String documentCollectionId, String documentId, String action) {}

    public record OutputSignature(
            String documentCollectionId, String originalDocumentId, String resultDocumentId, String signatureType) {}

    public record UserInfo(
            Instant signingTime,
            String fullName,
            String nin,
            String firstName,
            String lastName,
            LocalDate dateOfBirth) {
        @Override
        public String toString() {
            return "UserInfo[" + fullName + "]";
        }
    }

    private final String id;
    private final Instant createdAt;
    private final String title;
    private final List<SessionDocument> documents;
    private final String externalReference;
    private final String signerNin;
    private final String signerName;
    private final List<String> usageTags;
    private final ObjectNode echo;
    private final String signatureUrl;
    private final Instant signatureUrlExpiresAt;

    private Instant dueDate;
    private SessionState state = SessionState.READY;
    private Instant finishedAt;
    private List<OutputSignature> signatures = List.of();
    private UserInfo userInfo;
    private Instant deletedAt;

    SigningSession(
            String id,
            Instant createdAt,
            SessionDraft d,
            String signerName,
            String signatureUrl,
            Instant signatureUrlExpiresAt) {
        this.id = id;
        this.createdAt = createdAt;
        this.title = d.title();
        this.documents = List.copyOf(d.documents());
        this.externalReference = d.externalReference();
        this.signerNin = d.signerNin();
        this.signerName = signerName;
        this.usageTags = d.usageTags();
        this.echo = d.echo();
        this.signatureUrl = signatureUrl;
        this.signatureUrlExpiresAt = signatureUrlExpiresAt;
        this.dueDate = d.dueDate();
    }

    public String id() {
        return id;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String title() {
        return title;
    }

    public List<SessionDocument> documents() {
        return documents;
    }

    public String externalReference() {
        return externalReference;
    }

    /** The intended signer's NIN. Never log it. */
    public String signerNin() {
        return signerNin;
    }

    /** The intended signer's name as the simulator knows it. */
    public String signerName() {
        return signerName;
    }

    public List<String> usageTags() {
        return usageTags;
    }

    /** Request fields passed back unchanged in responses. Do not modify. */
    ObjectNode echo() {
        return echo;
    }

    public String signatureUrl() {
        return signatureUrl;
    }

    public Instant signatureUrlExpiresAt() {
        return signatureUrlExpiresAt;
    }

    public synchronized Instant dueDate() {
        return dueDate;
    }

    public synchronized SessionState state() {
        return state;
    }

    public synchronized Instant finishedAt() {
        return finishedAt;
    }

    public synchronized List<OutputSignature> signatures() {
        return signatures;
    }

    public synchronized UserInfo userInfo() {
        return userInfo;
    }

    /** When the session was deleted through the API (null if it was not). */
    public synchronized Instant deletedAt() {
        return deletedAt;
    }

    /** A consistent copy of the mutable part. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(dueDate, state, finishedAt, signatures, userInfo);
    }

    public record Snapshot(
            Instant dueDate,
            SessionState state,
            Instant finishedAt,
            List<OutputSignature> signatures,
            UserInfo userInfo) {}

    // --- mutation, called by SessionService while holding the session's monitor ---

    void setDueDate(Instant dueDate) {
        this.dueDate = dueDate;
    }

    /** Deleting an open session withdraws it (state DELETED); a final session keeps its state. */
    void markDeleted(Instant at) {
        deletedAt = at;
        if (!state.isFinal()) {
            state = SessionState.DELETED;
            finishedAt = at;
        }
    }

    void finish(SessionState newState, Instant at, List<OutputSignature> signatures, UserInfo userInfo) {
        this.state = newState;
        this.finishedAt = at;
        this.signatures = signatures == null ? List.of() : List.copyOf(signatures);
        this.userInfo = userInfo;
    }

    @Override
    public String toString() {
        return "SigningSession[" + id + ", " + state() + "]";
    }
}
