package no.signchain.simulator.collections;

import java.time.Instant;
import java.util.List;

/** A document collection: an ordered list of document ids, optional packaging formats. */
public final class DocumentCollection {

    private final String id;
    private final List<String> documentIds;
    private final List<String> packageTo;
    private final Instant createdAt;
    private volatile Instant expiresAt;

    DocumentCollection(
            String id, List<String> documentIds, List<String> packageTo, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.documentIds = List.copyOf(documentIds);
        this.packageTo = packageTo == null ? null : List.copyOf(packageTo);
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String id() {
        return id;
    }

    public List<String> documentIds() {
        return documentIds;
    }

    public List<String> packageTo() {
        return packageTo;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public boolean contains(String documentId) {
        return documentIds.contains(documentId);
    }

    /** Keeps the collection at least until {@code until} (it is used by a session). */
    public synchronized void retainUntil(Instant until) {
        if (until.isAfter(expiresAt)) {
            expiresAt = until;
        }
    }

    boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
