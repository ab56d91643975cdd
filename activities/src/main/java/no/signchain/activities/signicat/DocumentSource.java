package no.signchain.activities.signicat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bytes of a document to upload, streamed from where they already are so a large PDF is never held in
 * memory as a whole.
 *
 * <p>A source is <em>replayable</em> when it can open its stream again. That matters for one reason: when Signicat
 * answers 401 (token revoked or expired early), {@link SignApiClient} fetches a new token and sends the call once
 * more, which needs the body a second time. Sources from a {@link Path}, a byte array or a {@link StreamOpener}
 * are replayable; {@link #ofStream} is not, and an upload from it fails on such a 401 instead (the token is
 * invalidated, so the activity's next attempt succeeds). Prefer a file.
 */
public final class DocumentSource {

    /** Opens a fresh stream of the document's bytes on every call. */
    @FunctionalInterface
    public interface StreamOpener {
        InputStream open() throws IOException;
    }

    private final String mimeType;
    private final long length;
    private final StreamOpener opener;
    private final boolean replayable;

    private DocumentSource(String mimeType, long length, StreamOpener opener, boolean replayable) {
        if (mimeType == null || mimeType.isBlank()) {
            throw new IllegalArgumentException("mimeType is required");
        }
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or >= 0");
        }
        this.mimeType = mimeType;
        this.length = length;
        this.opener = Objects.requireNonNull(opener, "opener");
        this.replayable = replayable;
    }

    /** A file; its size is read now and sent as {@code Content-Length}. */
    public static DocumentSource ofPath(Path file, String mimeType) {
        Objects.requireNonNull(file, "file");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of the document " + file, e);
        }
        return new DocumentSource(mimeType, size, () -> Files.newInputStream(file), true);
    }

    /** Bytes already in memory (small documents, tests). */
    public static DocumentSource ofBytes(byte[] bytes, String mimeType) {
        Objects.requireNonNull(bytes, "bytes");
        return new DocumentSource(mimeType, bytes.length, () -> new ByteArrayInputStream(bytes), true);
    }

    /**
     * A replayable source of any kind, e.g. a blob store read.
     *
     * @param length byte count, or -1 if unknown (then the upload is sent chunked)
     */
    public static DocumentSource of(String mimeType, long length, StreamOpener opener) {
        return new DocumentSource(mimeType, length, opener, true);
    }

    /**
     * A stream that can be read only once; the upload closes it. Not replayable (see the class comment).
     *
     * @param length byte count, or -1 if unknown (then the upload is sent chunked)
     */
    public static DocumentSource ofStream(InputStream stream, long length, String mimeType) {
        Objects.requireNonNull(stream, "stream");
        AtomicBoolean opened = new AtomicBoolean();
        return new DocumentSource(
                mimeType,
                length,
                () -> {
                    if (!opened.compareAndSet(false, true)) {
                        throw new IOException("A DocumentSource.ofStream can be read only once");
                    }
                    return stream;
                },
                false);
    }

    public String mimeType() {
        return mimeType;
    }

    /** Byte count, or -1 if unknown. */
    public long length() {
        return length;
    }

    public boolean isReplayable() {
        return replayable;
    }

    /** A new stream of the bytes; the caller closes it. */
    public InputStream openStream() throws IOException {
        return opener.open();
    }

    @Override
    public String toString() {
        return "DocumentSource[mimeType=" + mimeType + ", length=" + length + ", replayable=" + replayable + "]";
    }
}
