package no.signchain.simulator.documents;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.problem.ProblemException;
import org.springframework.stereotype.Component;

/**
 * Documents in memory. An uploaded document not put in a session within {@code document-retention-unused}
 * (30 minutes) is gone; one used by a session lives until the session's dueDate + 7 days. Expiry is enforced on
 * every read and by the periodic sweep.
 */
@Component
@InSimulatorContext
public class DocumentStore {

    private final ConcurrentHashMap<String, StoredDocument> docs = new ConcurrentHashMap<>();
    private final SimulatorProperties props;
    private final Clock clock;

    public DocumentStore(SimulatorProperties props, Clock simulatorClock) {
        this.props = props;
        this.clock = simulatorClock;
    }

    /** Stores an upload; it expires after the unused-document retention unless a session uses it. */
    public StoredDocument upload(byte[] bytes, String mimeType) {
        Instant now = now();
        return put(bytes, mimeType, now, now.plus(props.documentRetentionUnused()));
    }

    /** Stores a document the simulator produced (a signed result); it lives until {@code expiresAt}. */
    public StoredDocument storeResult(byte[] bytes, String mimeType, Instant expiresAt) {
        StoredDocument d = put(bytes, mimeType, now(), expiresAt);
        d.retainUntil(expiresAt);
        return d;
    }

    private StoredDocument put(byte[] bytes, String mimeType, Instant now, Instant expiresAt) {
        String id = UUID.randomUUID().toString();
        StoredDocument d = new StoredDocument(id, bytes, mimeType, now, sha256Hex(bytes), expiresAt);
        docs.put(id, d);
        return d;
    }

    /** The document, or 404 if it never existed, was deleted or has expired. */
    public StoredDocument get(String id) {
        StoredDocument d = find(id);
        if (d == null) {
            throw ProblemException.notFound("Document", id);
        }
        return d;
    }

    /** The document, or null. */
    public StoredDocument find(String id) {
        StoredDocument d = docs.get(id);
        if (d != null && d.isExpired(now())) {
            docs.remove(id, d);
            return null;
        }
        return d;
    }

    public void updateMetadata(StoredDocument d, String filename, String title, String description) {
        d.setMetadata(filename, title, description);
    }

    public boolean delete(String id) {
        return docs.remove(id) != null;
    }

    public int purgeExpired(Instant now) {
        int before = docs.size();
        docs.values().removeIf(d -> d.isExpired(now));
        return before - docs.size();
    }

    public int size() {
        return docs.size();
    }

    public void clear() {
        docs.clear();
    }

    private Instant now() {
        return clock.instant();
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
