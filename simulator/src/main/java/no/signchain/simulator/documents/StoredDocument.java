package no.signchain.simulator.documents;

import java.time.Instant;

/**
 * An uploaded (or signed result) document. Bytes are immutable; metadata and expiry change. The expiry only ever
 * moves later.
 */
public final class StoredDocument {

    private final String id;
    private final byte[] bytes;
    private final String mimeType;
    private final Instant createdAt;
    private final String sha256Hex;
    private volatile String filename;
    private volatile String title;
    private volatile String description;
    private volatile Instant expiresAt;
    private volatile boolean usedInSession;

    StoredDocument(String id, byte[] bytes, String mimeType, Instant createdAt, String sha256Hex, Instant expiresAt) {
        this.id = id;
        this.bytes = bytes;
        this.mimeType = mimeType;
        this.createdAt = createdAt;
        this.sha256Hex = sha256Hex;
        this.expiresAt = expiresAt;
    }

    public String id() {
        return id;
    }

    /** The stored bytes (not copied: callers must not modify them). */
    public byte[] bytes() {
        return bytes;
    }

    public String mimeType() {
        return mimeType;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String sha256Hex() {
        return sha256Hex;
    }

    public String filename() {
        return filename;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean usedInSession() {
        return usedInSession;
    }

    synchronized void setMetadata(String filename, String title, String description) {
        this.filename = filename;
        this.title = title;
        this.description = description;
    }

    /** Marks the document as used by a session and keeps it at least until {@code until}. */
    public synchronized void retainUntil(Instant until) {
        usedInSession = true;
        if (until.isAfter(expiresAt)) {
            expiresAt = until;
        }
    }

    boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
