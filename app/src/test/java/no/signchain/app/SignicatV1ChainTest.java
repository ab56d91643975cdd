package no.signchain.app;

import static no.signchain.app.Contracts.AKSEL;
import static no.signchain.app.Contracts.OLE;
import static no.signchain.app.Contracts.SANNA;
import static no.signchain.app.Contracts.THREE;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.signchain.activities.pdf.PdfSignatures;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.workflows.contract.ContractSearchAttributes;
import no.signchain.workflows.contract.ContractWorkflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The chain on Signicat's Sign API v1, against the embedded simulator's v1 part: the same workflow, the same
 * verification of every version, the provider chosen by the submission. Signers act on the task URL's page, and the
 * simulator's URL notifications reach this app's {@code /webhooks/signicat-v1/<secret>}, which is tested here too.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signchain.temporal.task-queue=signicat-v1-chain-test",
            // These tests assert what a control did: a loaded machine should not turn their answer into 202.
            "signchain.contracts.control-timeout=PT1M",
            "signchain.contracts.reconcile-interval=PT2S",
            "signchain.contracts.start-sweep-interval=PT1S",
            // Retried calls wait at most 2 s, not production's minute: the failure-rate test below then finishes
            // whatever run of failures the dice give within its wait (with the minute, six failures in a row of one
            // activity, ~1 % per activity here, outlast the wait).
            "signchain.activities.longest-retry-wait=PT2S"
        })
class SignicatV1ChainTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    WorkflowClient temporal;

    @Autowired
    JdbcClient jdbc;

    @Value("${signchain.webhook.signicat-v1.secret}")
    String secret;

    SignchainHttp http;
    private final HttpClient plain =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void connect() {
        http = new SignchainHttp(port, simulator.root().toString());
        http.resetSimulatorKnobs();
    }

    @AfterEach
    void resetKnobs() {
        http.resetSimulatorKnobs();
        http.simulatorKnobs(Map.of("failRate", 0.0, "garbleRate", 0.0));
    }

    @Test
    void threeSignersSignAtSignApiV1InOrderAndTheFinalPdfCarriesThreeValidSignatures(@TempDir Path dir)
            throws Exception {
        String id = submit(THREE, "signicat-v1");

        for (int signer = 1; signer <= 3; signer++) {
            String url = http.awaitSignatureUrl(id, signer);
            assertThat(url).startsWith(simulator.root() + "/signicat-v1/std/docaction?request_id=");
            http.decide(url, "sign");
        }
        JsonNode done = http.awaitStatus(id, "COMPLETED");

        assertThat(done.get("provider").asString()).isEqualTo("signicat-v1");
        assertThat(done.get("latestVersion").asInt()).isEqualTo(3);
        byte[] pdf = http.get("/api/v1/contracts/" + id + "/document").body();
        List<PdfSignatures.Signature> signatures = PdfSignatures.inJava(pdf);
        assertThat(signatures)
                .extracting(PdfSignatures.Signature::serialNumber)
                .containsExactly(
                        "PNONO-" + AKSEL.nationalId(), "PNONO-" + OLE.nationalId(), "PNONO-" + SANNA.nationalId());
        assertThat(signatures).allMatch(PdfSignatures.Signature::valid, "valid");
        assertThat(PdfSignatures.withDss(pdf, http.simulatorCa()))
                .extracting(PdfSignatures.DssSignature::indication)
                .containsExactly("TOTAL_PASSED", "TOTAL_PASSED", "TOTAL_PASSED");
        List<PdfSignatures.PdfsigSignature> byPdfsig =
                PdfSignatures.withPdfsig(Files.write(dir.resolve("final.pdf"), pdf));
        assertThat(byPdfsig)
                .extracting(PdfSignatures.PdfsigSignature::commonName)
                .containsExactly(AKSEL.name(), OLE.name(), SANNA.name());
        assertThat(byPdfsig).allMatch(PdfSignatures.PdfsigSignature::valid, "Signature is Valid.");

        assertThat(temporal.newUntypedWorkflowStub(ContractWorkflow.workflowId(id))
                        .describe()
                        .getTypedSearchAttributes()
                        .get(ContractSearchAttributes.SIGNING_PROVIDER))
                .isEqualTo("signicat-v1");
        assertThat(jdbc.sql("select distinct provider from signing_session where contract_id = ?::uuid")
                        .param(id)
                        .query(String.class)
                        .list())
                .containsExactly("signicat-v1");
        // The URL notifications reached the inbox under each task's reference and woke the workflow (as hints).
        assertThat(jdbc.sql("""
                        select count(*) from webhook_inbox i join signing_session s
                            on s.provider_session_id = i.session_ref
                         where s.contract_id = ?::uuid and i.provider = 'signicat-v1'
                           and i.event_name = 'completed' and i.outcome = 'SIGNALLED'""").param(id).query(Long.class).single()).isPositive();
    }

    @Test
    void aSignerWhoRejectsAtSignApiV1RejectsTheContract() {
        String id = submit(THREE, "signicat-v1");

        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        http.decide(http.awaitSignatureUrl(id, 2), "reject");
        JsonNode rejected = http.awaitStatus(id, "REJECTED");

        assertThat(rejected.get("signers")
                        .valueStream()
                        .map(s -> s.get("status").asString()))
                .containsExactly("SIGNED", "REJECTED", "SKIPPED");
        assertThat(rejected.get("latestVersion").asInt()).isEqualTo(1);
    }

    @Test
    void signApiV1CallsThatFailOrAnswerGarbageAreRetriedAndTheChainCompletes() throws Exception {
        // Rates at which opening a session (two calls in a row) fails about one attempt in three: every retry path
        // runs, and with this test's short retry waits three signers finish well within the wait.
        http.simulatorKnobs(Map.of(
                "autoSignAfter",
                "PT0.2S",
                "failRate",
                0.2,
                "failStatuses",
                List.of(500, 503, 429),
                "garbleRate",
                0.05));

        String id = submit(THREE, "signicat-v1");
        JsonNode done = http.awaitStatus(id, "COMPLETED");

        assertThat(done.get("latestVersion").asInt()).isEqualTo(3);
        assertThat(PdfSignatures.inJava(
                        http.get("/api/v1/contracts/" + id + "/document").body()))
                .hasSize(3)
                .allMatch(PdfSignatures.Signature::valid);
    }

    @Test
    void aSignerWhoLetsTheDeadlinePassExpiresTheContractAndTheOrderIsDeletedAtSignApiV1() throws Exception {
        // The step's own deadline ends it (the task lives daysToLive days at Signicat); signchain then deletes the
        // order, so the link no longer signs.
        String deadline = Instant.now().plusSeconds(8).toString();
        String json = "{\"title\":\"Lease\",\"provider\":\"signicat-v1\",\"signers\":[{\"name\":\"" + AKSEL.name()
                + "\",\"nationalId\":\"" + AKSEL.nationalId() + "\",\"deadline\":\"" + deadline + "\"}]}";
        SignchainHttp.Response submitted = http.submit(json, TestPdfs.contract("Lease"));
        assertThat(submitted.status()).as(new String(submitted.body())).isEqualTo(201);
        String id = submitted.json().get("id").asString();
        String url = http.awaitSignatureUrl(id, 1);

        JsonNode expired = http.awaitStatus(id, "EXPIRED");

        assertThat(expired.get("signers").get(0).get("status").asString()).isEqualTo("EXPIRED");
        assertThat(expired.get("latestVersion").asInt()).isZero();
        assertThat(jdbc.sql("select detail from contract_event where contract_id = ?::uuid and kind = ?")
                        .params(id, "signer.session_withdrawn")
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .contains("withdrawn at signicat-v1");
        HttpResponse<String> page =
                plain.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("This task is DELETED");
    }

    @Test
    void cancellingWhileSignerTwoWaitsDeletesTheirOrderAtSignApiV1AndNoOneElseGetsOne() throws Exception {
        String id = submit(THREE, "signicat-v1");
        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        String second = http.awaitSignatureUrl(id, 2);

        SignchainHttp.Response cancelled =
                http.send(HttpMethod.POST, "/api/v1/contracts/" + id + "/cancel", "{\"reason\":\"the deal is off\"}");

        assertThat(cancelled.status()).as(new String(cancelled.body())).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(jdbc.sql("""
                        select count(*) from signing_session
                         where contract_id = ?::uuid and provider_session_id is not null""").param(id).query(Long.class).single()).isEqualTo(2L);
        assertThat(jdbc.sql("select detail from contract_event where contract_id = ?::uuid and kind = ?")
                        .params(id, "signer.session_withdrawn")
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .contains("withdrawn at signicat-v1");
        HttpResponse<String> page = plain.send(
                HttpRequest.newBuilder(URI.create(second)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("This task is DELETED");
    }

    @Test
    void aContractNamingAnUnknownProviderIsRefusedAndNothingIsStored() {
        long before =
                jdbc.sql("select count(*) from contract").query(Long.class).single();

        SignchainHttp.Response refused = http.submit(json(List.of(AKSEL), "signicat-v3"), TestPdfs.contract("Lease"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
        assertThat(refused.json().get("invalidParams").get(0).get("name").asString())
                .isEqualTo("provider");
        assertThat(refused.json().get("invalidParams").get(0).get("reason").asString())
                .contains("signicat-v1", "signicat-v2", "zignsec");
        assertThat(jdbc.sql("select count(*) from contract").query(Long.class).single())
                .isEqualTo(before);
    }

    @Test
    void aNotificationAtTheSecretUrlIsAnswered200AndStoredOnce() throws Exception {
        String order = UUID.randomUUID().toString();
        String query = "?requestId=" + order + "&taskId=1&message=completed";

        assertThat(get("/webhooks/signicat-v1/" + secret + query).statusCode()).isEqualTo(200);
        assertThat(get("/webhooks/signicat-v1/" + secret + query).statusCode())
                .as("a retried notification")
                .isEqualTo(200);

        assertThat(jdbc.sql("select provider, event_name from webhook_inbox where session_ref = ?")
                        .param(order + ":1")
                        .query((rs, n) -> rs.getString(1) + "/" + rs.getString(2))
                        .list())
                .containsExactly("signicat-v1/completed");
    }

    @Test
    void aNotificationWithAWrongSecretOrNoTaskIsRefusedAndNothingIsStored() throws Exception {
        String order = UUID.randomUUID().toString();

        HttpResponse<String> wrong =
                get("/webhooks/signicat-v1/not-" + secret + "?requestId=" + order + "&taskId=1&message=completed");
        HttpResponse<String> noTask =
                get("/webhooks/signicat-v1/" + secret + "?requestId=" + order + "&message=completed");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(wrong.body()).doesNotContain(secret);
        assertThat(noTask.statusCode()).isEqualTo(400);
        assertThat(noTask.body()).contains("taskId");
        assertThat(jdbc.sql("select count(*) from webhook_inbox where session_ref like ?")
                        .param(order + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theOpenApiDocumentNamesTheNotificationEndpointWithoutItsSecret() {
        JsonNode openApi = http.get("/v3/api-docs").json();

        assertThat(openApi.get("paths").propertyNames()).contains("/webhooks/signicat-v1/{secret}");
        assertThat(openApi.toString()).doesNotContain(secret);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return plain.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String submit(List<Contracts.TestSigner> signers, String provider) {
        SignchainHttp.Response response = http.submit(json(signers, provider), TestPdfs.contract("Rental agreement"));
        assertThat(response.status())
                .as("submit: %s", new String(response.body()))
                .isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String json(List<Contracts.TestSigner> signers, String provider) {
        String json = Contracts.json("Rental agreement", signers);
        return json.substring(0, json.length() - 1) + ",\"provider\":\"" + provider + "\"}";
    }
}
