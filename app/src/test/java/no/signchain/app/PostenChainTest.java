package no.signchain.app;

import static no.signchain.app.Contracts.AKSEL;
import static no.signchain.app.Contracts.OLE;
import static no.signchain.app.Contracts.SANNA;
import static no.signchain.app.Contracts.THREE;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import no.signchain.activities.pdf.PdfSignatures;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.workflows.contract.ContractSearchAttributes;
import no.signchain.workflows.contract.ContractWorkflow;
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
 * Contracts at Posten signering, through the official client over two-way TLS to the embedded simulator's fake
 * Posten service, as the one-command run has it: one portal job per contract, Posten opening each signer's page in
 * turn, the sender's status queue taken by the worker's poller, and the signed PDF kept as one version per signature,
 * each verified against the one before.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signchain.temporal.task-queue=posten-chain-test",
            // These tests assert what a control did: a loaded machine should not turn their answer into 202.
            "signchain.contracts.control-timeout=PT1M",
            "signchain.contracts.start-sweep-interval=PT1S",
            // The fake permits the next poll this soon after one that found nothing (Posten: about a minute).
            "signchain.simulator.posten.poll-interval=PT0.5S"
        })
class PostenChainTest {

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
    }

    @Test
    void threeSignersSignInTurnOnPostensPagesAndTheFinalPdfCarriesTheirSignaturesInOrder(@TempDir Path dir)
            throws Exception {
        String id = submit(THREE);

        for (int signer = 1; signer <= 3; signer++) {
            String page = http.awaitPostenPage(id, signer);
            if (signer < 3) {
                String next = page.substring(0, page.lastIndexOf('/') + 1) + (signer + 1);
                assertThat(http.postenPageStatus(next))
                        .as("signer %d's page before their turn", signer + 1)
                        .isEqualTo(409);
            }
            http.decide(page, "sign");
        }
        JsonNode done = http.awaitStatus(id, "COMPLETED");

        assertThat(done.get("provider").asString()).isEqualTo("posten");
        assertThat(done.get("latestVersion").asInt()).isEqualTo(3);
        assertThat(done.get("signers").valueStream().map(s -> s.get("status").asString()))
                .containsExactly("SIGNED", "SIGNED", "SIGNED");
        byte[] pdf = http.get("/api/v1/contracts/" + id + "/document").body();
        assertThat(PdfSignatures.withDss(pdf, http.simulatorCa()))
                .extracting(PdfSignatures.DssSignature::indication)
                .containsExactly("TOTAL_PASSED", "TOTAL_PASSED", "TOTAL_PASSED");
        List<PdfSignatures.PdfsigSignature> byPdfsig =
                PdfSignatures.withPdfsig(Files.write(dir.resolve("final.pdf"), pdf));
        assertThat(byPdfsig)
                .extracting(PdfSignatures.PdfsigSignature::commonName)
                .containsExactly(AKSEL.name(), OLE.name(), SANNA.name());
        assertThat(byPdfsig).allMatch(PdfSignatures.PdfsigSignature::valid, "Signature is Valid.");

        // Versions 1..3 are the PDF as it stood after each signature, each verified against the one before.
        assertThat(jdbc.sql("""
                        select v.version from document_version v
                          join version_verification r on r.contract_id = v.contract_id and r.version = v.version
                         where v.contract_id = ?::uuid and r.passed order by v.version""").param(id).query(Integer.class).list()).containsExactly(1, 2, 3);
        // One job, every status change recorded once and confirmed.
        assertThat(http.postenJobsOf(id)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from provider_job_change where contract_id = ?::uuid"
                                + " and confirmed_at is not null")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);
        // The business system hears of each signature and of the end, as from a chain (no session_opened: a portal
        // job has no signature URL to hand out, Posten notifies its signers).
        assertThat(jdbc.sql("select type, signer_index from callback_event where contract_id = ?::uuid order by seq")
                        .param(id)
                        .query((rs, n) -> rs.getString(1) + (rs.getObject(2) == null ? "" : " " + rs.getInt(2)))
                        .list())
                .containsExactly(
                        "contract.started",
                        "signer.signed 1",
                        "signer.signed 2",
                        "signer.signed 3",
                        "contract.completed");
        assertThat(temporal.newUntypedWorkflowStub(ContractWorkflow.workflowId(id))
                        .describe()
                        .getTypedSearchAttributes()
                        .get(ContractSearchAttributes.SIGNING_PROVIDER))
                .isEqualTo("posten");
    }

    @Test
    void aRejectionBySignerTwoEndsTheJobAndSignerThreesPageNeverOpens() {
        String id = submit(THREE);

        http.decide(http.awaitPostenPage(id, 1), "sign");
        String second = http.awaitPostenPage(id, 2);
        http.decide(second, "reject");
        JsonNode rejected = http.awaitStatus(id, "REJECTED");

        assertThat(rejected.get("signers")
                        .valueStream()
                        .map(s -> s.get("status").asString()))
                .containsExactly("SIGNED", "REJECTED", "SKIPPED");
        assertThat(rejected.get("latestVersion").asInt()).isZero();
        String third = second.substring(0, second.lastIndexOf('/') + 1) + 3;
        assertThat(http.postenPageStatus(third)).isEqualTo(409);
        JsonNode job = http.postenJobsOf(id).get(0);
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("signers").get(2).get("status").asString()).isEqualTo("NOT_APPLICABLE");
    }

    @Test
    void cancellingWhileSignerTwoWaitsCancelsThePostenJob() {
        String id = submit(THREE);
        http.decide(http.awaitPostenPage(id, 1), "sign");
        String second = http.awaitPostenPage(id, 2);

        SignchainHttp.Response cancelled =
                http.send(HttpMethod.POST, "/api/v1/contracts/" + id + "/cancel", "{\"reason\":\"the deal is off\"}");

        assertThat(cancelled.status()).as(new String(cancelled.body())).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(http.postenJobsOf(id).get(0).get("status").asString()).isEqualTo("FAILED");
        assertThat(http.postenPageStatus(second)).isEqualTo(409);
    }

    @Test
    void aSecondJobLeftByALostCreateAnswerIsCancelledAndTheContractCompletesOnTheJobSignchainKept() {
        http.postenFaults(0, 1);
        String id = submit(THREE);
        http.awaitContract(
                id,
                "signer 1 READY",
                c -> "READY".equals(c.get("signers").get(0).get("status").asString()));
        String kept = jdbc.sql("select job_ref from provider_job where contract_id = ?::uuid")
                .param(id)
                .query(String.class)
                .single();
        List<JsonNode> jobs = http.postenJobsOf(id);
        assertThat(jobs).as("jobs at Posten: the lost answer's and the retry's").hasSize(2);
        JsonNode duplicate = jobs.stream()
                .filter(j -> !j.get("jobId").asString().equals(kept))
                .findFirst()
                .orElseThrow();

        // Posten notified signer 1 of both jobs, and they open the duplicate first.
        http.decide(duplicate.get("signers").get(0).get("page").asString(), "sign");
        awaitPostenJob(id, duplicate.get("jobId").asString(), "FAILED");
        for (int signer = 1; signer <= 3; signer++) {
            int index = signer;
            http.awaitContract(
                    id,
                    "signer " + index + " READY",
                    c -> "READY"
                            .equals(c.get("signers")
                                    .get(index - 1)
                                    .get("status")
                                    .asString()));
            http.decide(pageOf(id, kept, signer), "sign");
        }
        JsonNode done = http.awaitStatus(id, "COMPLETED");

        assertThat(done.get("latestVersion").asInt()).isEqualTo(3);
        assertThat(pageStatusOfDuplicate(duplicate, 2))
                .as("the duplicate's signer 2")
                .isEqualTo(409);
    }

    /**
     * Posten runs the job out (its availability, the contract's deadline, passed at Posten). The fake's knob does it
     * at once, with signchain's own deadline far off: with both clocks running out at one instant, Temporal's Java
     * test server rejects the workflow task that cancels the firing timer now and then (sdk-java#2606). signchain's
     * own deadline cancelling the job is covered by {@code OrderedJobWorkflowTest} and its recorded history.
     */
    @Test
    void aJobPostenRunsOutExpiresTheContract() {
        String id = submit(THREE);
        String first = http.awaitPostenPage(id, 1);
        String jobId = http.postenJobsOf(id).get(0).get("jobId").asString();

        SignchainHttp.Response knob = http.sendToSimulator("/simulator/control/posten/jobs/" + jobId + "/expire");
        assertThat(knob.status()).as(new String(knob.body())).isEqualTo(200);
        JsonNode expired = http.awaitStatus(id, "EXPIRED");

        // Posten expires every waiting signer with the job; signchain shows what Posten says.
        assertThat(expired.get("signers").valueStream().map(s -> s.get("status").asString()))
                .containsExactly("EXPIRED", "EXPIRED", "EXPIRED");
        assertThat(http.postenPageStatus(first)).isEqualTo(409);
    }

    @Test
    void controlsThatNeedASessionPerSignerAreRefusedForAPostenJob() {
        String id = submit(THREE);
        http.awaitPostenPage(id, 1);

        SignchainHttp.Response remind =
                http.send(HttpMethod.POST, "/api/v1/contracts/" + id + "/signers/1/remind", null);

        assertThat(remind.status()).as(new String(remind.body())).isEqualTo(409);
        assertThat(new String(remind.body())).contains("orders signers itself");
        assertThat(http.contract(id).get("status").asString()).isEqualTo("ACTIVE");
    }

    private void awaitPostenJob(String contractId, String jobId, String status) {
        for (int i = 0; i < 300; i++) {
            if (http.postenJobsOf(contractId).stream()
                    .anyMatch(j -> j.get("jobId").asString().equals(jobId)
                            && j.get("status").asString().equals(status))) {
                return;
            }
            SignchainHttp.pause(100);
        }
        throw new AssertionError("Posten job " + jobId + " never got to " + status);
    }

    private String pageOf(String contractId, String jobId, int signer) {
        return http.postenJobsOf(contractId).stream()
                .filter(j -> j.get("jobId").asString().equals(jobId))
                .findFirst()
                .orElseThrow()
                .get("signers")
                .get(signer - 1)
                .get("page")
                .asString();
    }

    private int pageStatusOfDuplicate(JsonNode duplicate, int signer) {
        return http.postenPageStatus(
                duplicate.get("signers").get(signer - 1).get("page").asString());
    }

    private String submit(List<Contracts.TestSigner> signers) {
        String contract = Contracts.json("Partnership agreement", signers);
        SignchainHttp.Response submitted = http.submit(
                contract.substring(0, contract.length() - 1) + ",\"provider\":\"posten\"}",
                TestPdfs.contract("Partnership agreement"));
        assertThat(submitted.status()).as(new String(submitted.body())).isEqualTo(201);
        return submitted.json().get("id").asString();
    }
}
