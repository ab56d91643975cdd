package no.signchain.app;

import static no.signchain.app.Contracts.AKSEL;
import static no.signchain.app.Contracts.OLE;
import static no.signchain.app.Contracts.SANNA;
import static no.signchain.app.Contracts.THREE;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The product through its HTTP API, with everything embedded: PostgreSQL, Temporal's server, the Sign API
 * simulator. Signers act on the simulator's signer page exactly as a person's browser would.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // A task queue of its own: on a shared real Temporal server, other test contexts' workers (with
            // their own database and simulator) must not pick up this context's tasks.
            "signchain.temporal.task-queue=chain-test",
            "signchain.contracts.reconcile-interval=PT2S",
            "signchain.contracts.start-sweep-interval=PT1S"
        })
class ContractChainTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    WorkflowClient temporal;

    @Autowired
    WorkerFactory workers;

    @Autowired
    DataSource dataSource;

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
    }

    @Test
    void aContractWaitingForItsSignerHoldsNoPlatformThread() {
        String id = submit(THREE);
        http.awaitSignatureUrl(id, 1);

        // The SDK names a cached workflow's thread after its workflow id. On platform threads (the SDK's default)
        // that thread stays while the contract waits, so a worker's threads and memory grow with waiting contracts;
        // a virtual thread is not one of the JVM's platform threads.
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(name -> name.contains(ContractWorkflow.workflowId(id)));
    }

    @Test
    void threeSignersSignInOrderAndTheFinalPdfCarriesThreeValidSignaturesInThatOrder(@TempDir Path dir)
            throws Exception {
        String id = submit(THREE);

        for (int signer = 1; signer <= 3; signer++) {
            http.decide(http.awaitSignatureUrl(id, signer), "sign");
        }
        JsonNode done = http.awaitStatus(id, "COMPLETED");

        assertThat(done.get("signers").valueStream().map(s -> s.get("status").asString()))
                .containsExactly("SIGNED", "SIGNED", "SIGNED");
        assertThat(done.get("latestVersion").asInt()).isEqualTo(3);
        SignchainHttp.Response document = http.get("/api/v1/contracts/" + id + "/document");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.contentType()).isEqualTo("application/pdf");

        List<PdfSignatures.Signature> inJava = PdfSignatures.inJava(document.body());
        assertThat(inJava)
                .extracting(PdfSignatures.Signature::commonName)
                .containsExactly(AKSEL.name(), OLE.name(), SANNA.name());
        assertThat(inJava)
                .extracting(PdfSignatures.Signature::serialNumber)
                .containsExactly(
                        "PNONO-" + AKSEL.nationalId(), "PNONO-" + OLE.nationalId(), "PNONO-" + SANNA.nationalId());
        assertThat(inJava).allMatch(PdfSignatures.Signature::valid, "valid");

        // EU DSS on its own, the simulator's CA as the only trust anchor: what a lawyer's tool would say.
        assertThat(PdfSignatures.withDss(document.body(), http.simulatorCa()))
                .containsExactly(
                        new PdfSignatures.DssSignature(
                                "TOTAL_PASSED", null, "PAdES-BASELINE-LT", "PNONO-" + AKSEL.nationalId()),
                        new PdfSignatures.DssSignature(
                                "TOTAL_PASSED", null, "PAdES-BASELINE-LT", "PNONO-" + OLE.nationalId()),
                        new PdfSignatures.DssSignature(
                                "TOTAL_PASSED", null, "PAdES-BASELINE-LT", "PNONO-" + SANNA.nationalId()));

        Path file = Files.write(dir.resolve("final.pdf"), document.body());
        List<PdfSignatures.PdfsigSignature> byPdfsig = PdfSignatures.withPdfsig(file);
        assertThat(byPdfsig)
                .extracting(PdfSignatures.PdfsigSignature::commonName)
                .containsExactly(AKSEL.name(), OLE.name(), SANNA.name());
        assertThat(byPdfsig).allMatch(PdfSignatures.PdfsigSignature::valid, "Signature is Valid.");

        JsonNode versions = http.get("/api/v1/contracts/" + id + "/versions").json();
        assertThat(versions.size()).isEqualTo(4);
        for (JsonNode version : versions) {
            byte[] bytes = http.get("/api/v1/contracts/" + id + "/document?version="
                            + version.get("version").asInt())
                    .body();
            assertThat(version.get("sha256").asString()).isEqualTo(sha256(bytes));
            assertThat(version.get("sizeBytes").asLong()).isEqualTo(bytes.length);
        }
        assertThat(PdfSignatures.inJava(http.get("/api/v1/contracts/" + id + "/document?version=1")
                        .body()))
                .hasSize(1);
        assertThat(http.simulatorSessionsOf(id)).hasSize(3);

        var operatorView =
                temporal.newUntypedWorkflowStub(ContractWorkflow.workflowId(id)).describe();
        assertThat(operatorView.getTypedSearchAttributes().get(ContractSearchAttributes.CONTRACT_STATUS))
                .isEqualTo("COMPLETED");
        assertThat(operatorView.getTypedSearchAttributes().get(ContractSearchAttributes.BUSINESS_REF))
                .isEqualTo(done.get("externalRef").asString());
        assertThat(operatorView.getStaticSummary())
                .isEqualTo("Contract with 3 signers, business reference "
                        + done.get("externalRef").asString());
    }

    @Test
    void everyEventDeliveredTwiceStillAdvancesEachStepOnce() {
        http.simulatorKnobs(Map.of("autoSignAfter", "PT0.2S", "duplicateEvents", true));

        String id = submit(THREE);
        http.awaitStatus(id, "COMPLETED");

        assertThat(http.simulatorSessionsOf(id)).as("one session per signer").hasSize(3);
        assertThat(scheduledActivities(id, "OpenSession")).isEqualTo(3);
        // Each signed document kept once, by the read that found the signature (the simulator offers it at once).
        assertThat(scheduledActivities(id, "VerifySignedVersion")).isEqualTo(3);
        assertThat(scheduledActivities(id, "CollectSignedDocument")).isZero();
        assertThat(http.get("/api/v1/contracts/" + id + "/versions").json().size())
                .isEqualTo(4);
        assertThat(http.simulatorEvents().get("duplicated").asLong()).isPositive();
    }

    @Test
    void droppedEventsAreMadeUpForByReadingTheSession() {
        http.simulatorKnobs(Map.of("autoSignAfter", "PT0.2S", "dropEventRate", 1.0));
        long droppedBefore = http.simulatorEvents().get("dropped").asLong();

        String id = submit(THREE);
        http.awaitStatus(id, "COMPLETED");

        assertThat(http.simulatorEvents().get("dropped").asLong()).isGreaterThan(droppedBefore);
        assertThat(http.simulatorSessionsOf(id)).hasSize(3);
        assertThat(scheduledActivities(id, "VerifySignedVersion")).isEqualTo(3);
        assertThat(http.get("/api/v1/contracts/" + id + "/versions").json().size())
                .isEqualTo(4);
    }

    @Test
    void whenSignerTwoRejectsTheContractIsRejectedAndSignerThreeNeverGetsASession() {
        String id = submit(THREE);

        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        http.decide(http.awaitSignatureUrl(id, 2), "reject");
        JsonNode rejected = http.awaitStatus(id, "REJECTED");

        assertThat(rejected.get("signers")
                        .valueStream()
                        .map(s -> s.get("status").asString()))
                .containsExactly("SIGNED", "REJECTED", "SKIPPED");
        assertThat(rejected.get("signers").get(2).has("signatureUrl")).isFalse();
        assertThat(http.simulatorSessionsOf(id)).hasSize(2);
        assertThat(scheduledActivities(id, "OpenSession")).isEqualTo(2);
        assertThat(rejected.get("latestVersion").asInt()).isEqualTo(1);
    }

    @Test
    void theSameExternalReferenceOrIdempotencyKeyReturnsTheSameContract() {
        String json = Contracts.json("Loan agreement", "loan-" + System.nanoTime(), List.of(AKSEL));
        byte[] pdf = TestPdfs.contract("Loan agreement");
        SignchainHttp.Response first = http.submit(json, pdf);
        SignchainHttp.Response again = http.submit(json, pdf);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());

        String key = "key-" + System.nanoTime();
        String noRef =
                "{\"title\":\"Lease\",\"signers\":[{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\"}]}";
        byte[] lease = TestPdfs.contract("Lease");
        SignchainHttp.Response keyed = http.submit(noRef, lease, key);
        SignchainHttp.Response keyedAgain = http.submit(noRef, lease, key);
        assertThat(keyed.status()).isEqualTo(201);
        assertThat(keyedAgain.status()).isEqualTo(200);
        assertThat(keyedAgain.json().get("id").asString())
                .isEqualTo(keyed.json().get("id").asString());
    }

    @Test
    void aUsedReferenceWithDifferentContentIsAConflictThatChangesNothing() {
        String ref = "sale-" + System.nanoTime();
        byte[] pdf = TestPdfs.contract("Sale agreement");
        String id = http.submit(Contracts.json("Sale agreement", ref, List.of(AKSEL)), pdf)
                .json()
                .get("id")
                .asString();
        long contractsBefore = contractCount();

        SignchainHttp.Response otherDocument = http.submit(
                Contracts.json("Sale agreement", ref, List.of(AKSEL)),
                TestPdfs.contract("Sale agreement, second draft"));
        SignchainHttp.Response otherSigners =
                http.submit(Contracts.json("Sale agreement", ref, List.of(AKSEL, OLE)), pdf);

        for (SignchainHttp.Response conflict : List.of(otherDocument, otherSigners)) {
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.headers().getContentType()).hasToString("application/problem+json");
            assertThat(conflict.json().get("detail").asString())
                    .contains("externalRef '" + ref + "'", id, "different document, title or signers")
                    .doesNotContain(Contracts.AKSEL.nationalId(), Contracts.OLE.nationalId());
        }
        assertThat(contractCount()).isEqualTo(contractsBefore);
        assertThat(http.submit(Contracts.json("Sale agreement", ref, List.of(AKSEL)), pdf)
                        .status())
                .isEqualTo(200);
    }

    private long contractCount() {
        return jdbc.sql("select count(*) from contract").query(Long.class).single();
    }

    @Test
    void contractsAreListedByStatusFromTheDatabase() {
        http.simulatorKnobs(Map.of("autoSignAfter", "PT0.1S"));
        String id = submit(List.of(AKSEL));
        http.awaitStatus(id, "COMPLETED");

        JsonNode completed =
                http.get("/api/v1/contracts?status=COMPLETED&size=100").json();
        assertThat(completed.get("items").valueStream().map(c -> c.get("status").asString()))
                .containsOnly("COMPLETED");
        assertThat(completed.get("items").valueStream().map(c -> c.get("id").asString()))
                .contains(id);

        JsonNode firstPage = http.get("/api/v1/contracts?size=1&page=0").json();
        assertThat(firstPage.get("items").size()).isEqualTo(1);
        assertThat(firstPage.get("total").asLong()).isGreaterThanOrEqualTo(1);

        SignchainHttp.Response badStatus = http.get("/api/v1/contracts?status=DONE");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("invalidParams").get(0).get("name").asString())
                .isEqualTo("status");
    }

    @Test
    void theApiDescribesItselfInOpenApi() {
        SignchainHttp.Response openApi = http.get("/v3/api-docs");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().get("paths").propertyNames())
                .contains(
                        "/api/v1/contracts",
                        "/api/v1/contracts/{id}",
                        "/api/v1/contracts/{id}/document",
                        "/webhooks/signicat");
        assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void livenessAndReadinessAnswerForOrchestrators() {
        SignchainHttp.Response liveness = http.get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asString()).isEqualTo("UP");

        SignchainHttp.Response readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.json().get("components").propertyNames())
                .containsExactlyInAnyOrder("db", "readinessState", "temporalWorkers");
    }

    @Test
    void anUnknownContractIsANotFoundProblem() {
        SignchainHttp.Response response = http.get("/api/v1/contracts/00000000-0000-4000-8000-000000000000");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private String submit(List<Contracts.TestSigner> signers) {
        SignchainHttp.Response response =
                http.submit(Contracts.json("Rental agreement", signers), TestPdfs.contract("Rental agreement"));
        assertThat(response.status())
                .as("submit: %s", new String(response.body()))
                .isEqualTo(201);
        return response.json().get("id").asString();
    }

    private long scheduledActivities(String contractId, String activityType) {
        List<HistoryEvent> events =
                temporal.fetchHistory(ContractWorkflow.workflowId(contractId)).getEvents();
        return events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .filter(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals(activityType))
                .count();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void everyActivitySlotCanHaveADatabaseConnection() {
        // openSession holds a connection across the provider call: slots beyond the pool would queue on it.
        // Progress records, local activities, each take one too.
        var options = workers.getWorker("chain-test").getWorkerOptions();
        int slots = options.getMaxConcurrentActivityExecutionSize();
        int localSlots = options.getMaxConcurrentLocalActivityExecutionSize();
        int pool = ((HikariDataSource) dataSource).getMaximumPoolSize();

        assertThat(slots).isEqualTo(20);
        assertThat(localSlots).isEqualTo(5);
        assertThat(pool).isGreaterThanOrEqualTo(slots + localSlots + 5);
    }
}
