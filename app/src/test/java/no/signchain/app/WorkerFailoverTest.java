package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.worker.WorkerApplication;
import no.signchain.workflows.contract.ContractWorkflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The worker stops in the middle of a chain; a new worker (a separate Spring application on the same database and
 * the same Temporal server) takes over, and the chain completes with one session per signer. The all-in-one app
 * under test runs the API only ({@code spring.temporal.start-workers=false}).
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // A task queue of its own: on a shared real Temporal server, other test contexts' workers (with
            // their own database and simulator) must not pick up this context's tasks.
            "signchain.temporal.task-queue=failover-test",
            // Events wake the workflows here; a reconcile timer every 2 s (as elsewhere) made Temporal's Java test
            // server reject the replacement's workflow task now and then ("invalid history builder state for action"
            // when a timer fires while the task cancelling it runs, sdk-java#2606), and the contract stayed stuck.
            "signchain.contracts.reconcile-interval=PT30S",
            "spring.temporal.start-workers=false"
        })
@DirtiesContext
class WorkerFailoverTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    Environment environment;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkflowClient temporal;

    @ParameterizedTest
    @ValueSource(strings = {"signicat-v2", "zignsec", "signicat-v1"})
    void aNewWorkerOnTheSameDatabaseAndTemporalFinishesTheChainWithoutDuplicateSessions(String provider) {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        String id;
        try (ConfigurableApplicationContext first = startWorker()) {
            String contract = Contracts.json("Partnership agreement", Contracts.THREE);
            SignchainHttp.Response submitted = http.submit(
                    contract.substring(0, contract.length() - 1) + ",\"provider\":\"" + provider + "\"}",
                    TestPdfs.contract("Partnership agreement"));
            id = submitted.json().get("id").asString();
            http.decide(http.awaitSignatureUrl(id, 1), "sign");
            http.awaitSignatureUrl(id, 2);
            // The worker dies as a process does: its connection drops, its polls and work are abandoned.
            first.getBean(WorkflowServiceStubs.class).shutdownNow();
        }

        // With no worker, the signature is accepted by the provider and its event stored, but nothing moves.
        http.decide(http.contract(id).get("signers").get(1).get("signatureUrl").asString(), "sign");
        SignchainHttp.pause(Duration.ofSeconds(4).toMillis());
        JsonNode stalled = http.contract(id);
        assertThat(stalled.get("signers").get(1).get("status").asString()).isEqualTo("READY");
        assertThat(stalled.get("signers").get(2).get("status").asString()).isEqualTo("WAITING");

        try (ConfigurableApplicationContext replacement = startWorker()) {
            http.decide(http.awaitSignatureUrl(id, 3), "sign");
            JsonNode done = http.awaitStatus(id, "COMPLETED");
            assertThat(done.get("latestVersion").asInt()).isEqualTo(3);
        }

        if (provider.equals("signicat-v2")) {
            // The simulator's control API lists Sign API v2 sessions; the others' are counted in the ledger below.
            assertThat(http.simulatorSessionsOf(id))
                    .as("sessions at the provider")
                    .hasSize(3);
        }
        List<Integer> perStep = jdbc.sql("""
                        select count(*) from signing_session
                         where contract_id = ?::uuid and provider_session_id is not null
                         group by signer_index order by signer_index""").param(id).query(Integer.class).list();
        assertThat(perStep).containsExactly(1, 1, 1);
    }

    /**
     * Posten orders the signers itself, so what must survive the worker is the job (never created twice), the status
     * queue's changes (none lost while no worker polls) and the contract's progress.
     */
    @Test
    void aNewWorkerTakesUpAPostenJobWhoseSignerSignedWhileNoWorkerRan() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        String id;
        String secondPage;
        try (ConfigurableApplicationContext first = startWorker()) {
            String contract = Contracts.json("Partnership agreement", Contracts.THREE);
            SignchainHttp.Response submitted = http.submit(
                    contract.substring(0, contract.length() - 1) + ",\"provider\":\"posten\"}",
                    TestPdfs.contract("Partnership agreement"));
            id = submitted.json().get("id").asString();
            http.decide(http.awaitPostenPage(id, 1), "sign");
            secondPage = http.awaitPostenPage(id, 2);
            first.getBean(WorkflowServiceStubs.class).shutdownNow();
        }

        // With no worker, Posten takes the signature and queues the change; nobody polls, nothing moves.
        http.decide(secondPage, "sign");
        SignchainHttp.pause(Duration.ofSeconds(4).toMillis());
        assertThat(http.contract(id).get("signers").get(1).get("status").asString())
                .isEqualTo("READY");

        try (ConfigurableApplicationContext replacement = startWorker()) {
            http.decide(http.awaitPostenPage(id, 3), "sign");
            JsonNode done = http.awaitStatus(id, "COMPLETED");
            assertThat(done.get("latestVersion").asInt()).isEqualTo(3);
        }

        assertThat(http.postenJobsOf(id)).as("jobs at Posten").hasSize(1);
        assertThat(jdbc.sql("select count(*), count(confirmed_at) from provider_job_change where contract_id = ?::uuid")
                        .param(id)
                        .query((rs, n) -> List.of(rs.getInt(1), rs.getInt(2)))
                        .single())
                .as("status changes recorded, confirmed")
                .containsExactly(3, 3);
    }

    /**
     * A workflows worker ({@code signchain.worker.role=workflows}) runs contracts' workflow tasks and their local
     * progress records, and leaves the activities to a worker that runs them: alone it starts the chain and stops at the
     * first session; beside a full worker the chain completes. Against the real servers, whose eager activity dispatch
     * hands an activity to the worker that completed the workflow task when that worker asks, this also shows a
     * workflows worker never asks.
     */
    @Test
    void aWorkflowWorkerRunsWorkflowsAndProgressRecordsAndLeavesActivitiesToTheOtherWorkers() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        try (ConfigurableApplicationContext workflows = startWorker("--signchain.worker.role=workflows")) {
            String id = submitThreeSigners(http);
            // Its first workflow task ran and recorded the first step (a local activity, in this worker)...
            http.awaitContract(
                    id,
                    "signer 1's step recorded",
                    c -> c.has("currentSigner") && c.get("currentSigner").asInt() == 1);
            SignchainHttp.pause(Duration.ofSeconds(3).toMillis());
            // ...and the session it asked for waits for a worker that runs activities.
            List<HistoryEvent> history =
                    temporal.fetchHistory(ContractWorkflow.workflowId(id)).getEvents();
            assertThat(history.stream()
                            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                            .map(e -> e.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName()))
                    .containsExactly("OpenSession");
            assertThat(history).noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
            assertThat(http.contract(id).get("signers").get(0).get("status").asString())
                    .isEqualTo("WAITING");

            completesBeside(http, id);
        }
    }

    /**
     * An activities worker ({@code signchain.worker.role=activities}) never takes a workflow task: alone, a contract's
     * first workflow task waits for another worker. Beside a workflows worker, which runs no activity, the chain
     * completes: each did its half.
     */
    @Test
    void anActivitiesWorkerTakesNoWorkflowTaskAndCompletesTheChainBesideAWorkflowsWorker() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        try (ConfigurableApplicationContext activities = startWorker("--signchain.worker.role=activities")) {
            String id = submitThreeSigners(http);
            SignchainHttp.pause(Duration.ofSeconds(3).toMillis());
            List<HistoryEvent> history =
                    temporal.fetchHistory(ContractWorkflow.workflowId(id)).getEvents();
            assertThat(history).anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
            assertThat(history).noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);

            completesBeside(http, id, "--signchain.worker.role=workflows");
        }
    }

    @Test
    void aWorkerWithAnUnknownRoleDoesNotStart() {
        assertThatThrownBy(() -> startWorker("--signchain.worker.role=everything"))
                .rootCause()
                .hasMessage("signchain.worker.role (SIGNCHAIN_WORKER_ROLE) is 'everything'; it must be one of all,"
                        + " workflows, activities");
    }

    private static String submitThreeSigners(SignchainHttp http) {
        return http.submit(
                        Contracts.json("Partnership agreement", Contracts.THREE),
                        TestPdfs.contract("Partnership agreement"))
                .json()
                .get("id")
                .asString();
    }

    /** With a second worker started beside the first, the three sign and the chain completes, one session each. */
    private void completesBeside(SignchainHttp http, String id, String... secondWorker) {
        try (ConfigurableApplicationContext second = startWorker(secondWorker)) {
            for (int signer = 1; signer <= 3; signer++) {
                http.decide(http.awaitSignatureUrl(id, signer), "sign");
            }
            assertThat(http.awaitStatus(id, "COMPLETED").get("latestVersion").asInt())
                    .isEqualTo(3);
        }
        assertThat(http.simulatorSessionsOf(id)).as("sessions at the provider").hasSize(3);
    }

    /** A worker process of its own, with its own Temporal connection. */
    private ConfigurableApplicationContext startWorker(String... settings) {
        return new SpringApplicationBuilder(WorkerApplication.class, NoStickyQueue.class)
                .run(Stream.concat(
                                Stream.of(settings),
                                Stream.of(
                                        "--spring.main.web-application-type=none",
                                        "--signchain.temporal.task-queue="
                                                + environment.getProperty("signchain.temporal.task-queue"),
                                        "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                                        "--spring.datasource.username="
                                                + environment.getProperty("spring.datasource.username"),
                                        "--spring.datasource.password="
                                                + environment.getProperty("spring.datasource.password", ""),
                                        "--spring.temporal.connection.target="
                                                + environment.getProperty("spring.temporal.connection.target"),
                                        "--signchain.signicat.base-url=" + simulator.baseUrl(),
                                        "--signchain.signicat.client-id=" + simulator.clientId(),
                                        "--signchain.signicat.client-secret=" + simulator.clientSecret(),
                                        "--signchain.providers.enabled.zignsec=true",
                                        "--signchain.zignsec.base-url=" + simulator.zignsecBaseUrl(),
                                        "--signchain.zignsec.subscription-key=" + simulator.zignsecSubscriptionKey(),
                                        "--signchain.providers.enabled.signicat-v1=true",
                                        "--signchain.signicat-v1.base-url=" + simulator.signicatV1BaseUrl(),
                                        "--signchain.signicat-v1.token-url=" + simulator.tokenUrl(),
                                        "--signchain.signicat-v1.client-id=" + simulator.clientId(),
                                        "--signchain.signicat-v1.client-secret=" + simulator.clientSecret(),
                                        "--signchain.signicat-v1.notification-url=http://127.0.0.1:" + port
                                                + "/webhooks/signicat-v1/"
                                                + environment.getProperty("signchain.webhook.signicat-v1.secret"),
                                        // Posten as the app set it up: the fake service, its CA, the demo sender's
                                        // certificate.
                                        "--signchain.providers.enabled.posten=true",
                                        "--signchain.posten.environment="
                                                + environment.getProperty("signchain.posten.environment"),
                                        "--signchain.posten.service-url="
                                                + environment.getProperty("signchain.posten.service-url"),
                                        "--signchain.posten.trusted-certificates="
                                                + environment.getProperty("signchain.posten.trusted-certificates"),
                                        "--signchain.posten.key-store="
                                                + environment.getProperty("signchain.posten.key-store"),
                                        "--signchain.posten.key-store-password="
                                                + environment.getProperty("signchain.posten.key-store-password"),
                                        "--signchain.posten.sender-organisation-number="
                                                + environment.getProperty(
                                                        "signchain.posten.sender-organisation-number"),
                                        "--signchain.verification.trust-anchors=" + simulator.caUrl(),
                                        // The app under test encrypts with the development keys; its workers must hold
                                        // the same.
                                        "--signchain.protection.dev-keys=true"))
                        .toArray(String[]::new));
    }

    /**
     * After each workflow task a worker normally asks the server to send that workflow's next tasks to its own
     * "sticky" queue, and a real server moves such a task back to the shared queue when nobody takes it within the
     * sticky schedule-to-start timeout (5 s). Temporal's Java test server implements neither that timeout nor
     * ShutdownWorker/ResetStickyTaskQueue: once the first worker is gone, the next task would wait on its sticky queue
     * for ever and the replacement, polling the shared queue, would never see it. A zero timeout makes the SDK stop
     * asking for stickiness, so every task goes to the shared queue with the full history.
     * A cache size of 0 would not do it: the SDK treats 0 as "default" (600).
     */
    @Configuration(proxyBeanMethods = false)
    static class NoStickyQueue {
        @Bean
        TemporalOptionsCustomizer<WorkerOptions.Builder> noStickyQueue() {
            return options -> options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
        }
    }
}
