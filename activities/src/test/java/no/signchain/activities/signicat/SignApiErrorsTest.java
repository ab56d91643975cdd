package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import no.signchain.activities.signicat.wire.SignicatSessionQuery;
import no.signchain.store.testing.MutableClock;
import okhttp3.Headers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignApiErrorsTest {

    private static final String SESSION_ID = "f05d0dce-a7af-432b-b6b8-e455ab7c0852";

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeSignicat signicat;
    SignApiClient client;

    @BeforeEach
    void setUp() {
        signicat = FakeSignicat.on(server);
        client = FakeSignicat.client(server);
    }

    @Test
    void problemJsonBecomesAProblemExceptionWithEveryField() {
        signicat.enqueue(FakeSignicat.problem(400, """
                {
                  "type": "https://developer.signicat.com/problems/validation",
                  "title": "Bad request",
                  "status": 400,
                  "code": "validation_error",
                  "detail": "nationalIdentificationNumber 06046517928 is not valid",
                  "traceId": "ffb75ca1385ecb0a362ff9cd029d23de",
                  "invalidParams": [{"name": "signer.nationalIdentificationNumber", "reason": "06046517928 is bad"},
                                    {"name": "title", "reason": "must not be empty", "extra": 1}]
                }"""));

        SignApiProblemException e =
                catchThrowableOfType(SignApiProblemException.class, () -> client.getSigningSession(SESSION_ID));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("https://developer.signicat.com/problems/validation");
        assertThat(e.title()).isEqualTo("Bad request");
        assertThat(e.code()).isEqualTo("validation_error");
        assertThat(e.detail()).isEqualTo("nationalIdentificationNumber 06046517928 is not valid");
        assertThat(e.traceId()).isEqualTo("ffb75ca1385ecb0a362ff9cd029d23de");
        assertThat(e.invalidParams())
                .containsExactly(
                        new SignApiProblemException.InvalidParam(
                                "signer.nationalIdentificationNumber", "06046517928 is bad"),
                        new SignApiProblemException.InvalidParam("title", "must not be empty"));
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.isNotFound()).isFalse();
        assertThat(e.getMessage())
                .contains(
                        "GET /signing-sessions/{sessionId}",
                        "400",
                        "validation_error",
                        "ffb75ca1385ecb0a362ff9cd029d23de",
                        "signer.nationalIdentificationNumber")
                .doesNotContain(Samples.NIN);
    }

    @Test
    void notFoundAndServerErrorsAreClassified() {
        signicat.enqueue(FakeSignicat.problem(404, """
                {"title":"Not found","status":404,"code":"not_found","traceId":"t-404"}"""));
        signicat.enqueue(FakeSignicat.problem(500, """
                {"status":500,"title":"Internal server error","code":"internal_server_error","traceId":"t-500"}"""));

        SignApiProblemException notFound =
                catchThrowableOfType(SignApiProblemException.class, () -> client.getSigningSession(SESSION_ID));
        SignApiProblemException serverError =
                catchThrowableOfType(SignApiProblemException.class, () -> client.deleteDocument("d1"));

        assertThat(notFound.isNotFound()).isTrue();
        assertThat(notFound.isRetryable()).isFalse();
        assertThat(serverError.isRetryable()).isTrue();
        assertThat(serverError.getMessage())
                .contains("DELETE /documents/{documentId}", "500", "internal_server_error", "t-500");
    }

    @Test
    void nonJsonBadGatewayKeepsStatusAndAShortSnippet() {
        String html = "<html><head><title>502 Bad Gateway</title></head><body>" + "x".repeat(5000) + "</body></html>";
        signicat.enqueue(new MockResponse.Builder()
                .code(502)
                .setHeader("Content-Type", "text/html")
                .body(html)
                .build());

        SignApiProblemException e =
                catchThrowableOfType(SignApiProblemException.class, () -> client.getSigningSession(SESSION_ID));

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).isNull();
        assertThat(e.traceId()).isNull();
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("GET /signing-sessions/{sessionId}", "HTTP 502", "502 Bad Gateway");
        assertThat(e.getMessage().length()).isLessThan(400);
    }

    @Test
    void jsonErrorBodiesThatAreNotProblemsAreNotQuoted() {
        signicat.enqueueJson(500, "{\"message\":\"NIN 06046517928 broke us\"}");

        SignApiProblemException e =
                catchThrowableOfType(SignApiProblemException.class, () -> client.getSigningSession(SESSION_ID));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.getMessage()).doesNotContain(Samples.NIN);
    }

    @Test
    void tooManyRequestsCarriesRetryAfterSeconds() {
        signicat.enqueue(new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "7")
                .setHeader("Content-Type", "application/problem+json")
                .body("{\"status\":429,\"title\":\"Too many requests\",\"code\":\"too_many_requests\"}")
                .build());

        SignApiProblemException e = catchThrowableOfType(
                SignApiProblemException.class, () -> client.listSigningSessions(SignicatSessionQuery.all()));

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.code()).isEqualTo("too_many_requests");
    }

    @Test
    void retryAfterAsHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-15T14:00:00Z"), ZoneOffset.UTC);
        Headers date = Headers.of("Retry-After", "Thu, 15 Jan 2026 14:00:30 GMT");
        Headers past = Headers.of("Retry-After", "Thu, 15 Jan 2026 13:00:00 GMT");
        Headers junk = Headers.of("Retry-After", "soon");

        assertThat(ErrorMapping.retryAfter(date, clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ErrorMapping.retryAfter(past, clock)).isEqualTo(Duration.ZERO);
        assertThat(ErrorMapping.retryAfter(junk, clock)).isNull();
        assertThat(ErrorMapping.retryAfter(Headers.of(), clock)).isNull();
    }

    @Test
    void serviceUnavailableWithRetryAfterDateThroughTheClient() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-15T14:00:00Z"));
        client = FakeSignicat.client(FakeSignicat.settings(server), clock);
        signicat.enqueue(new MockResponse.Builder()
                .code(503)
                .setHeader("Retry-After", "Thu, 15 Jan 2026 14:02:00 GMT")
                .build());

        SignApiProblemException e =
                catchThrowableOfType(SignApiProblemException.class, () -> client.getDocumentMetadata("d1"));

        assertThat(e.retryAfter()).contains(Duration.ofMinutes(2));
    }

    @Test
    void traceIdFromTraceparentHeaderWhenTheBodyHasNone() {
        signicat.enqueue(new MockResponse.Builder()
                .code(503)
                .setHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .build());

        SignApiProblemException e =
                catchThrowableOfType(SignApiProblemException.class, () -> client.getSigningSession(SESSION_ID));

        assertThat(e.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void disconnectBeforeAnswerIsAnIoException() {
        signicat.enqueue(new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket())
                .build());

        SignApiIoException e =
                catchThrowableOfType(SignApiIoException.class, () -> client.getSigningSession(SESSION_ID));

        assertThat(e).isNotInstanceOf(SignApiProblemException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("GET /signing-sessions/{sessionId}", "got no response");
        // retryOnConnectionFailure is off: exactly one attempt.
        assertThat(signicat.apiRequests).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void connectionRefusedIsAnIoException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // The token still comes from the fake; the Sign API URL points at a closed port.
        client = new SignApiClient(
                FakeSignicat.settings(server).withBaseUrl(URI.create("http://127.0.0.1:" + closedPort + "/sign")));

        SignApiIoException e = catchThrowableOfType(SignApiIoException.class, () -> client.deleteSigningSession("s1"));

        assertThat(e.getMessage()).contains("DELETE /signing-sessions/{sessionId}", "cannot connect");
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void readTimeoutIsAnIoException() {
        client = new SignApiClient(FakeSignicat.settings(server).withReadTimeout(Duration.ofMillis(300)));
        signicat.enqueue(new MockResponse.Builder()
                .headersDelay(3, TimeUnit.SECONDS)
                .body("{}")
                .build());

        SignApiIoException e =
                catchThrowableOfType(SignApiIoException.class, () -> client.getSigningSession(SESSION_ID));

        assertThat(e.getMessage()).contains("timed out");
    }

    @Test
    void tlsFailureNamesLikelyCauses() throws Exception {
        // A plain-HTTP server that answers at once, without waiting for a request line: the client's ClientHello
        // gets a non-TLS record back and the handshake fails deterministically. (MockWebServer waits for a line
        // break that a ClientHello may or may not contain, so pointing TLS at it sometimes ends in a read timeout.)
        try (ServerSocket plainHttp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answerer = Thread.ofVirtual().start(() -> {
                try (Socket socket = plainHttp.accept()) {
                    socket.getOutputStream()
                            .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the client hung up first; the assertion below reports what it saw
                }
            });
            client = new SignApiClient(FakeSignicat.settings(server)
                    .withTokenUrl(URI.create("https://127.0.0.1:" + plainHttp.getLocalPort() + FakeSignicat.TOKEN_PATH))
                    .withReadTimeout(Duration.ofSeconds(10)));

            SignApiIoException e =
                    catchThrowableOfType(SignApiIoException.class, () -> client.getSigningSession(SESSION_ID));

            assertThat(e.getMessage()).contains("TLS handshake failed", "trust store", "clock");
            answerer.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void unreadableSuccessBodyIsNeitherProblemNorIo() {
        signicat.enqueueJson(200, "{\"id\": \"06046517928\", broken");

        SignApiException e = catchThrowableOfType(SignApiException.class, () -> client.getSigningSession(SESSION_ID));

        assertThat(e).isNotInstanceOfAny(SignApiProblemException.class, SignApiIoException.class);
        assertThat(e.getMessage()).contains("GET /signing-sessions/{sessionId}").doesNotContain(Samples.NIN);
        assertThat(e.isRetryable()).isFalse();
    }
}
