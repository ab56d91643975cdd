package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import no.signchain.api.webhook.DeliverySignature;
import no.signchain.api.webhook.EventTraces;
import no.signchain.api.webhook.SignicatWebhookProperties;
import no.signchain.api.webhook.WebhookRelay;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.store.webhook.WebhookInbox;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * An event relayed by another API process, or after a restart, stays in the trace of the delivery that brought it, for
 * every provider. "Another process" is a relay made here with a fresh {@link EventTraces}: it shares nothing with the
 * process that answered the delivery but the database. The app's own relay runs only hourly here, so after its first
 * try, right after the delivery, the next try is the test's.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signchain.temporal.task-queue=delivery-trace-test",
            "signchain.webhook.relay-interval=PT1H",
            "signchain.webhook.signicat-v1.secret=" + DeliveryTraceTest.V1_SECRET
        })
@Import(ObservabilityTest.Spans.class)
class DeliveryTraceTest {

    static final String V1_SECRET = "delivery-trace-test-secret";

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Value("${signchain.webhook.zignsec.secret}")
    String zignsecSecret;

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    SdkTracerProvider tracerProvider;

    @Autowired
    ObjectProvider<Tracer> tracer;

    @Autowired
    WebhookInbox inbox;

    @Autowired
    SigningSessionLedger sessions;

    @Autowired
    WorkflowClient temporal;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    SignicatWebhookProperties settings;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest
    @ValueSource(strings = {"signicat", "zignsec", "signicat-v1"})
    void anEventRelayedByAnotherProcessStaysInItsDeliverysTrace(String provider) throws Exception {
        // A session signchain never opened: each relay can only try again later, so the event stays due.
        String session = "unknown-" + UUID.randomUUID();
        String trace = hex(16);
        HttpResponse<String> delivery = deliver(provider, session, "00-" + trace + "-" + hex(8) + "-01");
        assertThat(delivery.statusCode()).as("delivery: %s", delivery.body()).isBetween(200, 204);
        awaitAttempts(session, 1);

        // The relay looks again for an unknown session after a minute: the minute passes here.
        jdbc.sql("update webhook_inbox set next_attempt_at = now() - interval '1 second' where session_ref in (?, ?)")
                .params(session, session + ":task-1")
                .update();
        WebhookRelay anotherProcess = new WebhookRelay(
                inbox, sessions, temporal, transactions, settings, Clock.systemUTC(), new EventTraces(tracer));
        try {
            anotherProcess.relayDue();
        } finally {
            anotherProcess.destroy();
        }
        assertThat(attempts(session)).as("the other process's try").isEqualTo(2);

        assertThat(tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
                .isTrue();
        assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getTraceId().equals(trace))
                .extracting(SpanData::getName)
                .as("the delivery's trace")
                .anyMatch(name -> name.startsWith("http "))
                .filteredOn(name -> name.equals("webhook relay"))
                .as("relay tries in the delivery's trace: the app's own, then the other process's")
                .hasSize(2);
    }

    private HttpResponse<String> deliver(String provider, String session, String traceParent) throws Exception {
        HttpRequest.Builder request = switch (provider) {
            case "signicat" -> {
                byte[] body = signicatEvent(session);
                yield post("/webhooks/signicat", body)
                        .header(
                                "Signicat-Signature",
                                signature(simulator.webhookSecret()).sign(Instant.now(), body));
            }
            case "zignsec" -> {
                byte[] body = zignsecSession(session);
                yield post("/webhooks/zignsec", body)
                        .header(
                                "X-ZignSec-Hmac-SHA256",
                                signature(zignsecSecret).sign(Instant.now(), body));
            }
            case "signicat-v1" ->
                post(
                        "/webhooks/signicat-v1/" + V1_SECRET + "?requestId=" + session + "&taskId=task-1"
                                + "&message=signed",
                        new byte[0]);
            default -> throw new IllegalArgumentException(provider);
        };
        return http.send(request.header("traceparent", traceParent).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder post(String path, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** Signicat v1 names the session by order and task; the others by the session id alone. */
    private int attempts(String session) {
        return jdbc.sql("select attempts from webhook_inbox where session_ref in (?, ?)")
                .params(session, session + ":task-1")
                .query(Integer.class)
                .single();
    }

    private void awaitAttempts(String session, int attempts) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (attempts(session) < attempts) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the app's relay never tried the event");
            }
            SignchainHttp.pause(100);
        }
    }

    private static DeliverySignature signature(String secret) {
        return new DeliverySignature(secret, Duration.ofMinutes(5), Clock.systemUTC());
    }

    private static byte[] signicatEvent(String session) {
        return ("{\"id\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"" + Instant.now()
                        + "\",\"sender\":\"signicat.sign\",\"eventName\":\"sign.session.completed\","
                        + "\"eventData\":{\"signingSessionId\":\"" + session + "\",\"state\":\"SIGNED\"},"
                        + "\"accountId\":\"a-test\",\"organizationId\":null,\"tags\":[]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] zignsecSession(String session) {
        return ("{\"id\":\"" + session + "\",\"status\":\"Finished\",\"errors\":[],\"result\":{\"inputFiles\":[],"
                        + "\"signedFiles\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
