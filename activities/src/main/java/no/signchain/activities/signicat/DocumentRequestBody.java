package no.signchain.activities.signicat;

import java.io.IOException;
import java.io.InputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/** Streams a {@link DocumentSource} into the request, segment by segment, without holding the whole document. */
final class DocumentRequestBody extends RequestBody {

    private final DocumentSource source;
    private final MediaType mediaType;

    DocumentRequestBody(DocumentSource source) {
        this.source = source;
        MediaType parsed = MediaType.parse(source.mimeType());
        if (parsed == null) {
            throw new IllegalArgumentException("Not a MIME type: " + source.mimeType());
        }
        this.mediaType = parsed;
    }

    @Override
    public MediaType contentType() {
        return mediaType;
    }

    @Override
    public long contentLength() {
        return source.length();
    }

    /** Tells OkHttp (and {@link SignApiClient}'s one 401 repeat) that this body cannot be sent twice. */
    @Override
    public boolean isOneShot() {
        return !source.isReplayable();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        try (InputStream in = source.openStream();
                Source from = Okio.source(in)) {
            long written = sink.writeAll(from);
            if (source.length() >= 0 && written != source.length()) {
                // OkHttp would also notice, but this names the real cause: the source lied about its size.
                throw new IOException("Document stream had " + written + " bytes, expected " + source.length());
            }
        }
    }
}
