package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignApiStreamingTest {

    /** A bit over 8 MiB, and not a multiple of any buffer size. */
    private static final long SIZE = 8L * 1024 * 1024 + 4099;

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path tempDir;

    FakeSignicat signicat;
    SignApiClient client;

    @BeforeEach
    void setUp() {
        signicat = FakeSignicat.on(server);
        client = FakeSignicat.client(server);
    }

    @Test
    void uploadStreamsEveryByteOfALargeGeneratedStream() {
        signicat.enqueueJson(201, Samples.DOCUMENT_REFERENCE);

        client.uploadDocument(new GeneratedStream(SIZE, 42), SIZE, "application/pdf");

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getHeaders().get("Content-Length")).isEqualTo(String.valueOf(SIZE));
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/pdf");
        assertThat(request.getBodySize()).isEqualTo(SIZE);
        assertThat(request.getBody().sha256().hex()).isEqualTo(sha256Of(SIZE, 42));
    }

    @Test
    void uploadOfUnknownLengthIsSentChunked() {
        signicat.enqueueJson(201, Samples.DOCUMENT_REFERENCE);

        client.uploadDocument(DocumentSource.of("application/pdf", -1, () -> new GeneratedStream(SIZE, 7)));

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getHeaders().get("Content-Length")).isNull();
        assertThat(request.getHeaders().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(request.getChunkSizes()).hasSizeGreaterThan(1);
        assertThat(request.getBody().sha256().hex()).isEqualTo(sha256Of(SIZE, 7));
    }

    @Test
    void uploadFromAFile() throws IOException {
        Path file = tempDir.resolve("contract.pdf");
        try (InputStream in = new GeneratedStream(SIZE, 3)) {
            Files.copy(in, file);
        }
        signicat.enqueueJson(201, Samples.DOCUMENT_REFERENCE);

        client.uploadDocument(file, "application/pdf");

        assertThat(signicat.lastApiRequest().getBody().sha256().hex()).isEqualTo(sha256Of(SIZE, 3));
    }

    @Test
    void downloadStreamsALargeBodyIntoAnOutputStream() throws Exception {
        signicat.enqueue(new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/pdf")
                .body(generatedBuffer(SIZE, 11))
                .build());
        MessageDigest digest = MessageDigest.getInstance("SHA-256");

        long copied;
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            copied = client.downloadDocument("d1", sink);
        }

        assertThat(copied).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha256Of(SIZE, 11));
    }

    @Test
    void downloadToAFile() throws IOException {
        signicat.enqueue(new MockResponse.Builder()
                .code(200)
                .body(generatedBuffer(SIZE, 5))
                .build());
        Path target = tempDir.resolve("signed.pdf");

        long copied = client.downloadDocument("d1", target);

        assertThat(copied).isEqualTo(SIZE);
        assertThat(Files.size(target)).isEqualTo(SIZE);
        assertThat(okio.ByteString.of(Files.readAllBytes(target)).sha256().hex())
                .isEqualTo(sha256Of(SIZE, 5));
    }

    @Test
    void failedDownloadLeavesNoPartialFile() {
        signicat.enqueue(FakeSignicat.problem(404, "{\"status\":404,\"code\":\"not_found\"}"));
        Path target = tempDir.resolve("gone.pdf");

        SignApiProblemException e =
                catchThrowableOfType(SignApiProblemException.class, () -> client.downloadDocument("d1", target));

        assertThat(e.isNotFound()).isTrue();
        assertThat(target).doesNotExist();
    }

    @Test
    void downloadCutOffHalfWayIsAnIoException() {
        signicat.enqueue(new MockResponse.Builder()
                .code(200)
                .body(generatedBuffer(SIZE, 9))
                .onResponseBody(new SocketEffect.CloseSocket())
                .build());
        Path target = tempDir.resolve("cut.pdf");

        SignApiIoException e =
                catchThrowableOfType(SignApiIoException.class, () -> client.downloadDocument("d1", target));

        assertThat(e.getMessage()).contains("GET /documents/{documentId}");
        assertThat(target).doesNotExist();
    }

    private static Buffer generatedBuffer(long size, long seed) {
        try (InputStream in = new GeneratedStream(size, seed)) {
            Buffer buffer = new Buffer();
            buffer.readFrom(in);
            return buffer;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256Of(long size, long seed) {
        try (InputStream in = new GeneratedStream(size, seed)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[65536];
            for (int n; (n = in.read(chunk)) > 0; ) {
                digest.update(chunk, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Deterministic pseudo-random bytes produced on the fly, never held as a whole. */
    static final class GeneratedStream extends InputStream {
        private final SplittableRandom random;
        private long remaining;

        GeneratedStream(long size, long seed) {
            this.random = new SplittableRandom(seed);
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            remaining -= n;
            return n;
        }
    }
}
