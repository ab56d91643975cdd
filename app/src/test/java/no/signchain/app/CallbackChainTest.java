package no.signchain.app;

import static no.signchain.app.Contracts.THREE;
import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import no.signchain.activities.pdf.TestPdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Callbacks to a business system, end to end: contracts signed through the simulator's signer page, callbacks
 * received by a real HTTP receiver on 127.0.0.1 and verified with Standard Webhooks' library under both secrets of a
 * rotation.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signchain.temporal.task-queue=callback-test",
            "signchain.contracts.reconcile-interval=PT2S",
            "signchain.contracts.start-sweep-interval=PT1S",
            "signchain.callbacks.secrets=" + CallbackChainTest.OLD_SECRET + "," + CallbackChainTest.NEW_SECRET,
            "signchain.callbacks.initial-backoff=PT0.5S",
            "signchain.callbacks.max-backoff=PT2S",
            "signchain.callbacks.poll-interval=PT0.2S"
        })
class CallbackChainTest {

    static final String OLD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String NEW_SECRET = "whsec_c2lnbmNoYWluLXRlc3Qtcm90YXRpb24tc2VjcmV0LTI=";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every callback of a contract three signers sign, in order: type and signer. */
    private static final List<String> THREE_SIGNERS_EVENTS = List.of(
            "contract.started",
            "signer.session_opened 1",
            "signer.signed 1",
            "signer.session_opened 2",
            "signer.signed 2",
            "signer.session_opened 3",
            "signer.signed 3",
            "contract.completed");

    private static CallbackReceiver receiver;

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    JdbcClient jdbc;

    SignchainHttp http;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new CallbackReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void connect() {
        http = new SignchainHttp(port, simulator.root().toString());
        http.resetSimulatorKnobs();
    }

    @AfterEach
    void resetKnobs() {
        http.resetSimulatorKnobs();
    }

    @Test
    void threeSignersGiveTheWholeSequenceInOrderSignedUnderBothSecrets() {
        String path = "/ok/" + UUID.randomUUID();
        String id = submit(THREE, receiver.url(path));
        assertThat(http.contract(id).get("callbackUrl").asString()).isEqualTo(receiver.url(path));

        String[] signatureUrls = new String[4];
        for (int signer = 1; signer <= 3; signer++) {
            signatureUrls[signer] = http.awaitSignatureUrl(id, signer);
            http.decide(signatureUrls[signer], "sign");
        }
        http.awaitStatus(id, "COMPLETED");
        List<CallbackReceiver.Request> got = receiver.awaitAccepted(path, 8, WAIT, () -> deliveriesOf(id));

        assertThat(got).extracting(r -> r.type() + signerOf(r)).containsExactlyElementsOf(THREE_SIGNERS_EVENTS);
        for (int signer = 1; signer <= 3; signer++) {
            JsonNode opened = got.get(2 * signer - 1).json().get("data");
            assertThat(opened.get("signatureUrl").asString()).isEqualTo(signatureUrls[signer]);
            assertThat(opened.get("signerName").asString())
                    .isEqualTo(THREE.get(signer - 1).name());
        }
        assertThat(got).allSatisfy(r -> {
            assertThat(r.json().get("data").get("contractId").asString()).isEqualTo(id);
            assertThat(r.json().get("data").get("externalRef").asString())
                    .isEqualTo(http.contract(id).get("externalRef").asString());
            assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
            verify(OLD_SECRET, r);
            verify(NEW_SECRET, r);
            THREE.forEach(s -> assertThat(r.body()).doesNotContain(s.nationalId()));
        });
        assertThat(got).extracting(CallbackReceiver.Request::webhookId).doesNotHaveDuplicates();
        assertThat(receiver.requests(path)).hasSize(8);

        JsonNode deliveries =
                http.get("/api/v1/contracts/" + id + "/deliveries").json();
        assertThat(deliveries.size()).isEqualTo(8);
        assertThat(deliveries.valueStream().map(d -> d.get("status").asString()))
                .containsOnly("delivered");
        assertThat(deliveries.valueStream().map(d -> d.get("target").asString()))
                .containsOnly(receiver.url(path));
        assertThat(deliveries.valueStream().map(d -> d.get("webhookId").asString()))
                .containsExactlyElementsOf(
                        got.stream().map(CallbackReceiver.Request::webhookId).toList());
        assertThat(deliveries.get(0).get("attempts").get(0).get("httpStatus").asInt())
                .isEqualTo(204);
    }

    @Test
    void aReceiverFailingAtFirstStillGetsEveryEventAfterwardsEachAcceptedOnce() {
        String path = "/flaky/" + UUID.randomUUID();
        Instant healthyFrom = Instant.now().plusSeconds(6);
        receiver.answer(path, body -> Instant.now().isBefore(healthyFrom) ? 500 : 204);
        http.simulatorKnobs(Map.of("autoSignAfter", "PT0.2S"));

        String id = submit(THREE, receiver.url(path));
        http.awaitStatus(id, "COMPLETED");
        List<CallbackReceiver.Request> accepted = receiver.awaitAccepted(path, 8, WAIT, () -> deliveriesOf(id));

        assertThat(accepted).extracting(r -> r.type() + signerOf(r)).containsExactlyElementsOf(THREE_SIGNERS_EVENTS);
        Map<String, Long> acceptedById = accepted.stream()
                .collect(Collectors.groupingBy(CallbackReceiver.Request::webhookId, Collectors.counting()));
        assertThat(acceptedById)
                .hasSize(8)
                .allSatisfy((webhookId, times) -> assertThat(times).isEqualTo(1));
        List<CallbackReceiver.Request> refused =
                receiver.requests(path).stream().filter(r -> !r.accepted()).toList();
        assertThat(refused).isNotEmpty().allMatch(r -> r.at().isBefore(healthyFrom.plusSeconds(1)));
        // Every retry of the first event carried the same id and body, each signed anew.
        assertThat(refused).filteredOn(r -> r.type().equals("contract.started")).allSatisfy(r -> {
            assertThat(r.webhookId()).isEqualTo(accepted.get(0).webhookId());
            assertThat(r.body()).isEqualTo(accepted.get(0).body());
            verify(NEW_SECRET, r);
        });

        JsonNode first =
                http.get("/api/v1/contracts/" + id + "/deliveries").json().get(0);
        assertThat(first.get("status").asString()).isEqualTo("delivered");
        List<Integer> statuses = first.get("attempts")
                .valueStream()
                .map(a -> a.get("httpStatus").asInt())
                .toList();
        assertThat(statuses.getLast()).isEqualTo(204);
        assertThat(statuses.subList(0, statuses.size() - 1)).isNotEmpty().containsOnly(500);
    }

    @Test
    void aDeliveryIsSentAgainOnRequestWithTheSameIdAndBody() {
        String path = "/again/" + UUID.randomUUID();
        http.simulatorKnobs(Map.of("autoSignAfter", "PT0.2S"));
        String id = submit(List.of(Contracts.AKSEL), receiver.url(path));
        http.awaitStatus(id, "COMPLETED");
        List<CallbackReceiver.Request> first = receiver.awaitAccepted(path, 4, WAIT, () -> deliveriesOf(id));
        JsonNode deliveries =
                http.get("/api/v1/contracts/" + id + "/deliveries").json();
        JsonNode signed = deliveries.get(2);
        assertThat(signed.get("eventType").asString()).isEqualTo("signer.signed");

        SignchainHttp.Response again = http.post(
                "/api/v1/contracts/" + id + "/deliveries/" + signed.get("id").asString() + "/redeliver");

        assertThat(again.status()).isEqualTo(202);
        List<CallbackReceiver.Request> now = receiver.awaitAccepted(path, 5, WAIT, () -> deliveriesOf(id));
        assertThat(now.get(4).webhookId()).isEqualTo(first.get(2).webhookId());
        assertThat(now.get(4).body()).isEqualTo(first.get(2).body());
        verify(OLD_SECRET, now.get(4));
        // The sender records the outcome once the receiver has answered: it may not be stored yet.
        Instant until = Instant.now().plus(WAIT);
        JsonNode after =
                http.get("/api/v1/contracts/" + id + "/deliveries").json().get(2);
        while (!after.get("status").asString().equals("delivered")
                && Instant.now().isBefore(until)) {
            SignchainHttp.pause(100);
            after = http.get("/api/v1/contracts/" + id + "/deliveries").json().get(2);
        }
        assertThat(after.get("status").asString()).isEqualTo("delivered");
        assertThat(after.get("attempts").size()).isEqualTo(2);

        SignchainHttp.Response unknown =
                http.post("/api/v1/contracts/" + id + "/deliveries/" + UUID.randomUUID() + "/redeliver");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(http.get("/api/v1/contracts/" + UUID.randomUUID() + "/deliveries")
                        .status())
                .isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://10.1.2.3/hook              | must not point at a private address (RFC 1918) (10.1.2.3)",
                "https://169.254.169.254/latest      | must not point at a cloud metadata address (169.254.169.254)",
                "https://[fe80::1]/hook              | must not point at a link-local address (fe80:0:0:0:0:0:0:1)",
                "ftp://127.0.0.1/hook                | must be an https URL (http only to a loopback address)",
                "https://user:pw@127.0.0.1/hook      | must not contain a user name or password",
            })
    void anUnsafeCallbackUrlIsRefusedAtIntakeNamingTheField(String url, String reason) {
        long before =
                jdbc.sql("select count(*) from contract").query(Long.class).single();

        SignchainHttp.Response refused =
                http.submit(contractJson(List.of(Contracts.AKSEL), url), TestPdfs.contract("Rental agreement"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json().get("invalidParams").get(0);
        assertThat(problem.get("name").asString()).isEqualTo("callbackUrl");
        assertThat(problem.get("reason").asString()).isEqualTo(reason);
        assertThat(jdbc.sql("select count(*) from contract").query(Long.class).single())
                .isEqualTo(before);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private String deliveriesOf(String contractId) {
        return http.get("/api/v1/contracts/" + contractId + "/deliveries")
                .json()
                .toString();
    }

    private static String signerOf(CallbackReceiver.Request r) {
        JsonNode index = r.json().get("data").get("signerIndex");
        return index == null ? "" : " " + index.asInt();
    }

    private static void verify(String secret, CallbackReceiver.Request r) {
        try {
            new Webhook(secret).verify(r.body(), r.headers());
        } catch (Exception e) {
            throw new AssertionError("callback " + r.webhookId() + " does not verify: " + e.getMessage(), e);
        }
    }

    private String submit(List<Contracts.TestSigner> signers, String callbackUrl) {
        SignchainHttp.Response response =
                http.submit(contractJson(signers, callbackUrl), TestPdfs.contract("Rental agreement"));
        assertThat(response.status())
                .as("submit: %s", new String(response.body()))
                .isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String contractJson(List<Contracts.TestSigner> signers, String callbackUrl) {
        String json = Contracts.json("Rental agreement", signers);
        return json.substring(0, json.length() - 1) + ",\"callbackUrl\":\"" + callbackUrl + "\"}";
    }
}
