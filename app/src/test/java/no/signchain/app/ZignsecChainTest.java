package no.signchain.app;

import static no.signchain.app.Contracts.AKSEL;
import static no.signchain.app.Contracts.OLE;
import static no.signchain.app.Contracts.SANNA;
import static no.signchain.app.Contracts.THREE;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import no.signchain.activities.pdf.PdfSignatures;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.workflows.contract.ContractSearchAttributes;
import no.signchain.workflows.contract.ContractWorkflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The chain on ZignSec (API v5), against the embedded simulator's ZignSec part: the same workflow, the same
 * verification of every version, the provider chosen by the submission. Signers act on ZignSec's signer page.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signchain.temporal.task-queue=zignsec-chain-test",
            // These tests assert what a control did: a loaded machine should not turn their answer into 202.
            "signchain.contracts.control-timeout=PT1M",
            "signchain.contracts.reconcile-interval=PT2S",
            "signchain.contracts.start-sweep-interval=PT1S",
            // Retried calls wait at most 2 s, not production's minute: the failure-rate test below then finishes
            // whatever run of failures the dice give within its wait (with the minute, six failures in a row of one
            // activity, ~1 % per activity here, outlast the wait).
            "signchain.activities.longest-retry-wait=PT2S"
        })
class ZignsecChainTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    WorkflowClient temporal;

    @Autowired
    JdbcClient jdbc;

    SignchainHttp http;

    @BeforeEach
    void connect() {
        http = new SignchainHttp(port, simulator.root().toString());
        http.resetSimulatorKnobs();
    }

    @AfterEach
    void resetKnobs() {
        http.resetSimulatorKnobs();
        http.simulatorKnobs(java.util.Map.of("failRate", 0.0, "garbleRate", 0.0));
    }

    @Test
    void threeSignersSignAtZignsecInOrderAndTheFinalPdfCarriesThreeValidSignatures(@TempDir Path dir) throws Exception {
        String id = submit(THREE, "zignsec");

        for (int signer = 1; signer <= 3; signer++) {
            String url = http.awaitSignatureUrl(id, signer);
            assertThat(url).startsWith(simulator.root() + "/zignsec/sign/");
            http.decide(url, "sign");
        }
        JsonNode done = http.awaitStatus(id, "COMPLETED");

        assertThat(done.get("provider").asString()).isEqualTo("zignsec");
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
                .isEqualTo("zignsec");
        assertThat(jdbc.sql("select distinct provider from signing_session where contract_id = ?::uuid")
                        .param(id)
                        .query(String.class)
                        .list())
                .containsExactly("zignsec");
        // ZignSec's webhook deliveries reached the inbox and woke the workflow (as hints; reads decided).
        assertThat(jdbc.sql("""
                        select count(*) from webhook_inbox i join signing_session s
                            on s.provider_session_id = i.session_ref
                         where s.contract_id = ?::uuid and i.provider = 'zignsec' and i.outcome = 'SIGNALLED'""").param(id).query(Long.class).single()).isPositive();
    }

    @Test
    void zignsecCallsThatFailOrAnswerGarbageAreRetriedAndTheChainCompletes() throws Exception {
        // Opening a ZignSec session takes three calls, each failing at these rates: about one attempt in two fails,
        // enough to exercise every retry path; with this test's short retry waits three signers still finish within
        // the wait on a loaded machine.
        http.simulatorKnobs(java.util.Map.of(
                "autoSignAfter",
                "PT0.2S",
                "failRate",
                0.15,
                "failStatuses",
                List.of(500, 503, 429),
                "garbleRate",
                0.05));

        String id = submit(THREE, "zignsec");
        JsonNode done = http.awaitStatus(id, "COMPLETED");

        assertThat(done.get("latestVersion").asInt()).isEqualTo(3);
        assertThat(PdfSignatures.inJava(
                        http.get("/api/v1/contracts/" + id + "/document").body()))
                .hasSize(3)
                .allMatch(PdfSignatures.Signature::valid);
        // The retry pace is the setting's (this test's 2 s), not a constant.
        assertThat(temporal.fetchHistory(ContractWorkflow.workflowId(id)).getEvents().stream()
                        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                        .map(e -> e.getActivityTaskScheduledEventAttributes().getRetryPolicy())
                        .map(policy -> policy.getMaximumInterval().getSeconds())
                        .distinct())
                .containsExactly(2L);
    }

    @Test
    void aSignerWhoCancelsAtZignsecRejectsTheContract() {
        String id = submit(THREE, "zignsec");

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
    void aSignerWhoLetsTheDeadlinePassAtZignsecExpiresTheContract() {
        // The step's own deadline ends it: ZignSec's session has no expiry of its own and cannot be withdrawn, so
        // the read after the deadline still finds it open, and that counts as expired.
        String deadline = java.time.Instant.now().plusSeconds(8).toString();
        String json = "{\"title\":\"Lease\",\"provider\":\"zignsec\",\"signers\":[{\"name\":\"" + AKSEL.name()
                + "\",\"nationalId\":\"" + AKSEL.nationalId() + "\",\"deadline\":\"" + deadline + "\"}]}";
        SignchainHttp.Response submitted = http.submit(json, TestPdfs.contract("Lease"));
        assertThat(submitted.status()).as(new String(submitted.body())).isEqualTo(201);
        String id = submitted.json().get("id").asString();

        JsonNode expired = http.awaitStatus(id, "EXPIRED");

        assertThat(expired.get("signers").get(0).get("status").asString()).isEqualTo("EXPIRED");
        assertThat(expired.get("latestVersion").asInt()).isZero();
        assertThat(jdbc.sql("select detail from contract_event where contract_id = ?::uuid and kind = ?")
                        .params(id, "signer.session_withdrawn")
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .contains("zignsec cannot withdraw it");
    }

    @Test
    void cancellingWhileSignerTwoWaitsAtZignsecEndsTheContractAndALaterSignatureThereIsNeverCollected() {
        String id = submit(THREE, "zignsec");
        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        String second = http.awaitSignatureUrl(id, 2);

        SignchainHttp.Response cancelled =
                http.send(HttpMethod.POST, "/api/v1/contracts/" + id + "/cancel", "{\"reason\":\"the deal is off\"}");

        assertThat(cancelled.status()).as(new String(cancelled.body())).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(jdbc.sql("select detail from contract_event where contract_id = ?::uuid and kind = ?")
                        .params(id, "signer.session_withdrawn")
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .contains("zignsec cannot withdraw it");
        // ZignSec keeps the session open; a signer who still has the page can sign there, and nothing follows.
        http.decide(second, "sign");
        JsonNode after = http.contract(id);
        assertThat(after.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(after.get("latestVersion").asInt()).isEqualTo(1);
        assertThat(after.get("signers").get(2).get("status").asString()).isEqualTo("SKIPPED");
        assertThat(jdbc.sql("select count(*) from signing_session where contract_id = ?::uuid and signer_index = 3")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aContractNamingAnUnknownProviderIsRefusedAndNothingIsStored() {
        long before =
                jdbc.sql("select count(*) from contract").query(Long.class).single();

        SignchainHttp.Response refused = http.submit(json(List.of(AKSEL), "docusign"), TestPdfs.contract("Lease"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
        assertThat(refused.json().get("invalidParams").get(0).get("name").asString())
                .isEqualTo("provider");
        assertThat(refused.json().get("invalidParams").get(0).get("reason").asString())
                .contains("signicat-v2", "zignsec");
        assertThat(jdbc.sql("select count(*) from contract").query(Long.class).single())
                .isEqualTo(before);
    }

    @Test
    void theOpenApiDocumentNamesTheProviderAndZignsecsWebhook() {
        JsonNode openApi = http.get("/v3/api-docs").json();

        assertThat(openApi.get("paths").propertyNames()).contains("/webhooks/signicat", "/webhooks/zignsec");
        assertThat(openApi.at("/components/schemas/ContractSubmission/properties")
                        .propertyNames())
                .contains("provider");
        assertThat(openApi.at("/components/schemas/ContractView/properties").propertyNames())
                .contains("provider");
    }

    @Test
    void aContractNamingNoProviderRunsOnTheDefault() {
        http.simulatorKnobs(java.util.Map.of("autoSignAfter", "PT0.1S"));
        String id = submit(List.of(AKSEL), null);

        JsonNode done = http.awaitStatus(id, "COMPLETED");

        assertThat(done.get("provider").asString()).isEqualTo("signicat-v2");
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
        return provider == null ? json : json.substring(0, json.length() - 1) + ",\"provider\":\"" + provider + "\"}";
    }
}
