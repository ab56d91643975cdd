package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import no.signchain.api.webhook.DeliverySignature;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** ZignSec's webhook takes only deliveries signed with its secret, fresh, and stores each state change once. */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "signchain.temporal.task-queue=bad-input-test")
class ZignsecWebhookTest {

    private static final String HEADER = "X-ZignSec-Hmac-SHA256";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Value("${signchain.webhook.zignsec.secret}")
    String secret;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aDeliverySignedWithTheSecretIsStoredOnceAndARedeliveryChangesNothing() throws Exception {
        String session = UUID.randomUUID().toString();
        byte[] body = session(session, "Finished");

        assertThat(post(body, signature(secret).sign(Instant.now(), body)).statusCode())
                .isEqualTo(204);
        assertThat(post(body, signature(secret).sign(Instant.now(), body)).statusCode())
                .as("a redelivery")
                .isEqualTo(204);

        assertThat(jdbc.sql("select provider, event_name from webhook_inbox where session_ref = ?")
                        .param(session)
                        .query((rs, n) -> rs.getString(1) + "/" + rs.getString(2))
                        .list())
                .containsExactly("zignsec/Finished");
    }

    @Test
    void aMissingWrongOrStaleSignatureIsRefusedAndNothingIsStored() throws Exception {
        String session = UUID.randomUUID().toString();
        byte[] body = session(session, "Finished");

        HttpResponse<String> missing = post(body, null);
        HttpResponse<String> otherSecret =
                post(body, signature("not-the-secret").sign(Instant.now(), body));
        HttpResponse<String> stale =
                post(body, signature(secret).sign(Instant.now().minus(Duration.ofHours(1)), body));
        HttpResponse<String> otherBody =
                post(session(session, "Cancelled"), signature(secret).sign(Instant.now(), body));

        for (HttpResponse<String> refused : new HttpResponse[] {missing, otherSecret, stale, otherBody}) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(stale.body()).contains("outside the accepted window");
        assertThat(jdbc.sql("select count(*) from webhook_inbox where session_ref = ?")
                        .param(session)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aSignedDeliveryWithoutSessionOrStatusIsA400NamingTheField() throws Exception {
        byte[] body = "{\"status\":\"Finished\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post(body, signature(secret).sign(Instant.now(), body));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"name\":\"id\"");
    }

    private HttpResponse<String> post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webhooks/zignsec"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static DeliverySignature signature(String secret) {
        return new DeliverySignature(secret, Duration.ofMinutes(5), Clock.systemUTC());
    }

    private static byte[] session(String id, String status) {
        return ("{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"errors\":[],\"result\":{\"inputFiles\":[],"
                        + "\"signedFiles\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
