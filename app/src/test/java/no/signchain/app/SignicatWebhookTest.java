package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import no.signchain.api.webhook.DeliverySignature;
import no.signchain.api.webhook.SignicatWebhookController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The webhook takes only authentic deliveries, and a redelivered event changes nothing. */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "signchain.temporal.task-queue=bad-input-test")
class SignicatWebhookTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    JdbcClient jdbc;

    @org.junit.jupiter.api.extension.RegisterExtension
    final LogCapture log = new LogCapture();

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aDeliveryWithoutAValidSignatureIsRefusedAndNotStored() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = envelope(id);
        DeliverySignature otherSecret =
                new DeliverySignature("not-the-secret", Duration.ofMinutes(5), Clock.systemUTC());
        DeliverySignature rightSecret = signature();

        assertThat(post(body, null).statusCode()).isEqualTo(401);
        assertThat(post(body, otherSecret.sign(Instant.now(), body)).statusCode())
                .isEqualTo(401);
        assertThat(post(body, rightSecret.sign(Instant.now().minus(Duration.ofHours(1)), body))
                        .statusCode())
                .as("a replayed old delivery")
                .isEqualTo(401);
        byte[] tampered = envelope(id + "-x");
        HttpResponse<String> response = post(tampered, rightSecret.sign(Instant.now(), body));
        assertThat(response.statusCode()).as("signature over another body").isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(stored(id)).isZero();
    }

    @Test
    void aTimestampBeyondTheCalendarIsRefusedLikeAnyBadSignature() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = envelope(id);

        for (String timestamp : new String[] {"99999999999999999", "-99999999999999999"}) {
            HttpResponse<String> response = post(body, "t=" + timestamp + ",v1=00");
            assertThat(response.statusCode()).as("t=%s", timestamp).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(stored(id)).isZero();
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        // The review's 2.2 GB body: only the headers are sent, so an answer at all shows none of it was waited for.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /webhooks/signicat HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 2200000000\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String head = SignchainHttp.responseHead(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
        }
    }

    @Test
    void aChunkedBodyThatNeverEndsIsRefusedOnceItPassesTheLimit() throws Exception {
        // Chunked, so no Content-Length to go by; endless, so only a bounded read can answer at all.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/signicat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException closedByTheServerOrTheTest) {
                    // either ends the body
                }
            });
            try {
                String head = SignchainHttp.responseHead(socket.getInputStream());

                assertThat(head).startsWith("HTTP/1.1 413");
                assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
            } finally {
                sender.interrupt();
                socket.close();
            }
        }
    }

    static Stream<Arguments> envelopesSignicatCouldNotHaveMeant() {
        return Stream.of(
                Arguments.of("an id that is an object", "{\"a\":1}", quoted(UUID.randomUUID()), "id"),
                Arguments.of("an id that is an array", "[\"a\"]", quoted(UUID.randomUUID()), "id"),
                Arguments.of("an id that is a boolean", "true", quoted(UUID.randomUUID()), "id"),
                Arguments.of(
                        "an id with NUL", "\"evt\\u0000" + UUID.randomUUID() + "\"", quoted(UUID.randomUUID()), "id"),
                Arguments.of("an empty id", "\"\"", quoted(UUID.randomUUID()), "id"),
                Arguments.of("a blank id", "\"   \"", quoted(UUID.randomUUID()), "id"),
                Arguments.of(
                        "a session id that is an object",
                        quoted(UUID.randomUUID()),
                        "{\"a\":1}",
                        "eventData.signingSessionId"),
                Arguments.of(
                        "a session id that is an array",
                        quoted(UUID.randomUUID()),
                        "[1]",
                        "eventData.signingSessionId"),
                Arguments.of(
                        "a session id with NUL",
                        quoted(UUID.randomUUID()),
                        "\"s\\u0000\"",
                        "eventData.signingSessionId"),
                // PostgreSQL's btree refuses an index entry over about 2.7 KB: an id that long was a 500, which
                // Signicat retries without end.
                Arguments.of("an id of 3000 characters", quoted("e".repeat(3000)), quoted(UUID.randomUUID()), "id"),
                Arguments.of(
                        "an id of national identity numbers over the limit",
                        quoted("06046517928".repeat(24)),
                        quoted(UUID.randomUUID()),
                        "id"),
                Arguments.of("an id of 256 characters", quoted("e".repeat(256)), quoted(UUID.randomUUID()), "id"),
                Arguments.of(
                        "a session id of 3000 characters",
                        quoted(UUID.randomUUID()),
                        quoted("s".repeat(3000)),
                        "eventData.signingSessionId"),
                Arguments.of("an id with a lone surrogate", "\"evt\\ud800\"", quoted(UUID.randomUUID()), "id"),
                Arguments.of("an id with a right-to-left override", "\"evt\\u202e1\"", quoted(UUID.randomUUID()), "id"),
                Arguments.of("an id with a zero-width space", "\"evt\\u200b1\"", quoted(UUID.randomUUID()), "id"),
                Arguments.of("an id with a line break", "\"evt\\n1\"", quoted(UUID.randomUUID()), "id"),
                Arguments.of(
                        "a session id with a lone surrogate",
                        quoted(UUID.randomUUID()),
                        "\"s\\udfff\"",
                        "eventData.signingSessionId"));
    }

    /** Signed, but not UTF-8: the inbox keeps the body as text, and must keep what was signed. */
    static Stream<Arguments> bodiesNotUtf8() {
        return Stream.of(
                Arguments.of("a Latin-1 byte in a string", new int[] {0xE9}),
                Arguments.of("an encoded surrogate (CESU-8)", new int[] {0xED, 0xA0, 0x80}),
                Arguments.of("an overlong encoding", new int[] {0xC0, 0xAF}),
                Arguments.of("a byte that is never UTF-8", new int[] {0xFF}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesNotUtf8")
    void aSignedBodyThatIsNotUtf8IsRefusedAndNotStored(String description, int[] bytes) throws Exception {
        String account = "a-" + UUID.randomUUID();
        // The bad bytes go in the session id's place.
        String text = new String(envelope(quoted(UUID.randomUUID()), quoted("MARK"), account), StandardCharsets.UTF_8);
        int mark = text.indexOf("MARK");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(text.substring(0, mark).getBytes(StandardCharsets.UTF_8));
        for (int b : bytes) {
            out.write(b);
        }
        out.writeBytes(text.substring(mark + 4).getBytes(StandardCharsets.UTF_8));
        byte[] body = out.toByteArray();

        HttpResponse<String> response = post(body, signature().sign(Instant.now(), body));

        assertThat(response.statusCode()).as(description).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("UTF-8").contains("body");
        assertThat(storedFor(account)).as("events stored").isZero();
        Refusals.assertNoNationalId(response.body(), log, description);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopesSignicatCouldNotHaveMeant")
    void aSignedEnvelopeWithAnUnusableFieldIsRefusedNamingItAndStoresNothing(
            String description, String idJson, String sessionIdJson, String field) throws Exception {
        String account = "a-" + UUID.randomUUID();
        byte[] body = envelope(idJson, sessionIdJson, account);

        HttpResponse<String> response = post(body, signature().sign(Instant.now(), body));

        assertThat(response.statusCode()).as(description).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = SignchainHttp.JSON.readTree(response.body());
        assertThat(problem.get("invalidParams")
                        .valueStream()
                        .map(p -> p.get("name").asString()))
                .containsExactly(field);
        assertThat(problem.get("detail").asString()).contains(field);
        assertThat(storedFor(account)).as("events stored").isZero();
        Refusals.assertNoNationalId(response.body(), log, description);
    }

    private long storedFor(String account) {
        return jdbc.sql("select count(*) from webhook_inbox where payload like ?")
                .param("%" + account + "%")
                .query(Long.class)
                .single();
    }

    @Test
    void aRedeliveredEventIsAcknowledgedAndStoredOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = envelope(id);

        assertThat(post(body, signature().sign(Instant.now(), body)).statusCode())
                .isEqualTo(204);
        assertThat(post(body, signature().sign(Instant.now(), body)).statusCode())
                .isEqualTo(204);

        assertThat(stored(id)).isEqualTo(1);
    }

    @Test
    void anEventIdRedeliveredWithAnotherBodyKeepsTheFirstAndWarnsWithoutTheBody() throws Exception {
        String id = UUID.randomUUID().toString();
        String firstSession = UUID.randomUUID().toString();
        String otherSession = UUID.randomUUID().toString();
        byte[] first = envelope(quoted(id), quoted(firstSession), "a-test");
        byte[] other = envelope(quoted(id), quoted(otherSession), "a-test");
        Logger logger = (Logger) LoggerFactory.getLogger(SignicatWebhookController.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            assertThat(post(first, signature().sign(Instant.now(), first)).statusCode())
                    .isEqualTo(204);
            assertThat(post(first, signature().sign(Instant.now(), first)).statusCode())
                    .isEqualTo(204);
            assertThat(warnings(logs, id)).as("an identical redelivery").isEmpty();

            assertThat(post(other, signature().sign(Instant.now(), other)).statusCode())
                    .isEqualTo(204);
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(warnings(logs, id))
                .singleElement()
                .satisfies(message -> assertThat(message)
                        .contains("different body")
                        .doesNotContain(otherSession)
                        .doesNotContain(firstSession));
        assertThat(jdbc.sql("select payload from webhook_inbox where event_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .contains(firstSession)
                .doesNotContain(otherSession);
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logs, String eventId) {
        return logs.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(eventId))
                .toList();
    }

    private DeliverySignature signature() {
        return new DeliverySignature(simulator.webhookSecret(), Duration.ofMinutes(5), Clock.systemUTC());
    }

    private long stored(String eventId) {
        return jdbc.sql("select count(*) from webhook_inbox where event_id = ?")
                .param(eventId)
                .query(Long.class)
                .single();
    }

    private HttpResponse<String> post(byte[] body, String signatureHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webhooks/signicat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signatureHeader != null) {
            request.header("Signicat-Signature", signatureHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] envelope(String id) {
        return envelope(quoted(id), quoted(UUID.randomUUID()), "a-test");
    }

    /** An envelope as the simulator sends it, with the id and session id given as JSON values. */
    private static byte[] envelope(String idJson, String sessionIdJson, String accountId) {
        return ("{\"id\":" + idJson + ",\"timestamp\":\"" + Instant.now() + "\",\"sender\":\"signicat.sign\","
                        + "\"eventName\":\"sign.session.completed\",\"eventData\":{\"signingSessionId\":"
                        + sessionIdJson
                        + ",\"state\":\"SIGNED\"},\"accountId\":\"" + accountId + "\",\"organizationId\":null,"
                        + "\"expiresAt\":\"" + Instant.now().plusSeconds(3600) + "\",\"tags\":[]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(Object value) {
        return "\"" + value + "\"";
    }
}
