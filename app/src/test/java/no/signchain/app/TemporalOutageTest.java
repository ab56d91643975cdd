package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.api.contract.ContractControls;
import no.signchain.api.contract.ContractProperties;
import no.signchain.api.contract.ContractSubmissionValidator;
import no.signchain.api.contract.ContractWorkflowStarter;
import no.signchain.api.contract.SignerSubmission;
import no.signchain.api.contract.TemporalCallDeadline;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.security.ApiClients;
import no.signchain.api.webhook.SignicatWebhookProperties;
import no.signchain.api.webhook.WebhookRelay;
import no.signchain.store.contract.ContractRecord;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.ControlRequests;
import no.signchain.store.contract.SignerReplacements;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.store.webhook.WebhookInbox;
import no.signchain.workflows.contract.ContractWorkflow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * An event that arrives while Temporal cannot be reached stays in the inbox, and the relay delivers it once Temporal
 * answers again. The app's own relay runs only hourly here, so the test decides when relaying happens; "Temporal
 * down" is a relay whose client points at a port nothing listens on.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signchain.temporal.task-queue=outage-test",
            "signchain.webhook.relay-interval=PT1H",
            // Long enough that only the relayed event, not a reconciliation read, can finish signer 1's step.
            "signchain.contracts.reconcile-interval=PT10M",
            "signchain.contracts.control-timeout=PT3S"
        })
class TemporalOutageTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    WebhookInbox inbox;

    @Autowired
    WebhookRelay relay;

    @Autowired
    SigningSessionLedger sessions;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    SignicatWebhookProperties settings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    List<ScheduledTaskHolder> scheduledTasks;

    @Autowired
    ThreadPoolTaskScheduler scheduler;

    @Autowired
    ContractRepository contracts;

    @Autowired
    ContractProperties contractSettings;

    @Value("${signchain.temporal.task-queue}")
    String taskQueue;

    @Autowired
    SignerReplacements replacements;

    @Autowired
    ControlRequests controlRequests;

    @Autowired
    ContractSubmissionValidator validator;

    @Autowired
    WorkflowClient temporal;

    @Test
    void everyScheduledSweepHasAThreadOfItsOwnSoThatOneWaitingOnTemporalHoldsUpNoOther() {
        int tasks = scheduledTasks.stream()
                .mapToInt(holder -> holder.getScheduledTasks().size())
                .sum();

        assertThat(tasks).isGreaterThanOrEqualTo(3); // the relay, the start sweep, the callback sender
        assertThat(scheduler.getScheduledThreadPoolExecutor().getCorePoolSize()).isGreaterThanOrEqualTo(tasks);
    }

    @Test
    void aStartAttemptWaitsForTemporalOnlyItsTimeoutAndASweepRoundEndsAtTheFirstAttemptTemporalDidNotAnswer() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        // No events from these contracts' sessions: the app's relay runs hourly here, and one left in the inbox would
        // be the first the other test's relay without Temporal tries, ending its round before the event under test.
        http.simulatorKnobs(Map.of("dropEventRate", 1.0));
        try {
            startAttemptsAndSweepWithoutTemporal(http);
        } finally {
            http.resetSimulatorKnobs();
        }
    }

    private void startAttemptsAndSweepWithoutTemporal(SignchainHttp http) {
        List<String> ids = List.of("Stored 1", "Stored 2").stream()
                .map(title -> oneSigner(http, title))
                .toList();
        // As if their requests had died between storing and starting: the sweep's to start.
        for (String id : ids) {
            jdbc.sql("update contract set workflow_started_at = null where id = ?::uuid")
                    .param(id)
                    .update();
        }
        // The SDK's default retry options, as the app's client has. A client that was connected before retries an
        // unanswered start for a minute with them (bench/temporal-outage.sh); this one never was and gives up sooner,
        // so the interceptor records the deadline each start ran under instead of timing it.
        WorkflowServiceStubs unreachable = unreachableTemporal();
        List<Deadline> attempts = new CopyOnWriteArrayList<>();
        WorkflowClient client = recordingDeadlines(unreachable, attempts);
        ContractProperties oneSecond = new ContractProperties(
                contractSettings.defaultSigningPeriod(),
                contractSettings.reconcileInterval(),
                contractSettings.maxSigners(),
                contractSettings.reminders(),
                Duration.ofSeconds(1),
                contractSettings.controlTimeout());
        TemporalCallDeadline deadline = new TemporalCallDeadline();
        // A clock a minute ahead, so that the sweep takes the two contracts just stored.
        ContractWorkflowStarter starter = new ContractWorkflowStarter(
                new StaticListableBeanFactory(Map.of("temporal", client)).getBeanProvider(WorkflowClient.class),
                contracts,
                oneSecond,
                deadline,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)),
                taskQueue);
        try {
            assertThat(starter.tryStart(contracts.find(ids.get(0)).orElseThrow()))
                    .isFalse();
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0)).isNotNull();
            assertThat(attempts.get(0).timeRemaining(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(1000);

            attempts.clear();
            starter.startStragglers();
            assertThat(notStartedOf(ids)).as("left for the sweep").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(attempts)
                    .as("one attempt in the round, not one per contract")
                    .hasSize(1);
        } finally {
            deadline.destroy();
            unreachable.shutdownNow();
        }
        // The app's own sweep finds them started already (the same workflow ids) and notes it.
        for (int second = 0; second < 60 && !notStartedOf(ids).isEmpty(); second++) {
            SignchainHttp.pause(1000);
        }
        assertThat(notStartedOf(ids)).isEmpty();
    }

    @Test
    void aControlTemporalDoesNotTakeInTimeAnswers503SayingItMayStillTakeEffectAndKeepsTheReplacementItNames() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        http.simulatorKnobs(Map.of("dropEventRate", 1.0)); // events come from this test only
        try {
            String id = oneSigner(http, "Controlled in an outage");
            controlsWithoutTemporal(contracts.find(id).orElseThrow());
        } finally {
            http.resetSimulatorKnobs();
        }
    }

    private void controlsWithoutTemporal(ContractRecord contract) {
        WorkflowServiceStubs unreachable = unreachableTemporal();
        List<Deadline> attempts = new CopyOnWriteArrayList<>();
        WorkflowClient client = recordingDeadlines(unreachable, attempts);
        TemporalCallDeadline deadline = new TemporalCallDeadline();
        ContractControls controls = controlsOn(client, deadline);
        try {
            assertThatThrownBy(() -> controls.remind(contract, 1, null))
                    .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                        assertThat(problem.getMessage())
                                .contains("did not take the control within 3 s")
                                .contains("may still take effect");
                    });
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0))
                    .as("the update ran under the control timeout")
                    .isNotNull();
            assertThat(attempts.get(0).timeRemaining(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(3000);

            // Temporal may still hand an unconfirmed replacement to the workflow, which then reads it: it stays.
            assertThatThrownBy(() -> controls.replaceSigner(
                            contract,
                            1,
                            new SignerSubmission(Contracts.OLE.name(), Contracts.OLE.nationalId(), null, null, null),
                            null))
                    .isInstanceOfSatisfying(
                            ApiProblem.class,
                            problem -> assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
            assertThat(jdbc.sql("select count(*) from signer_replacement where contract_id = ?::uuid and"
                                    + " applied_at is null")
                            .param(contract.id())
                            .query(Integer.class)
                            .single())
                    .isEqualTo(1);
        } finally {
            deadline.destroy();
            unreachable.shutdownNow();
        }
    }

    @Test
    void aControlNoWorkerTakesAnswers503InsteadOfWaitingForOne() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        http.simulatorKnobs(Map.of("dropEventRate", 1.0)); // events come from this test only
        ContractRecord stored;
        try {
            stored = contracts.find(oneSigner(http, "Unpolled")).orElseThrow();
        } finally {
            http.resetSimulatorKnobs();
        }
        // The same contract under an id of its own, its workflow on a task queue no worker polls: as if every worker
        // were down. Temporal holds the update for a worker; the request must not wait for one.
        ContractRecord unpolled = new ContractRecord(
                UUID.randomUUID().toString(),
                stored.owner(),
                stored.title(),
                stored.externalRef(),
                stored.status(),
                stored.phase(),
                stored.signerCount(),
                stored.currentSigner(),
                stored.latestVersion(),
                stored.reason(),
                stored.createdAt(),
                stored.updatedAt(),
                stored.workflowStartedAt(),
                stored.signers(),
                stored.callbackUrl(),
                stored.reminders(),
                stored.erasedAt(),
                stored.provider());
        WorkflowStub workflow = temporal.newUntypedWorkflowStub(
                "ContractWorkflow",
                WorkflowOptions.newBuilder()
                        .setWorkflowId(ContractWorkflow.workflowId(unpolled.id()))
                        .setTaskQueue("no-worker-polls-this")
                        .build());
        workflow.start();
        TemporalCallDeadline deadline = new TemporalCallDeadline();
        try {
            assertThatThrownBy(() -> controlsOn(temporal, deadline).remind(unpolled, 1, null))
                    .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                        assertThat(problem.getMessage()).contains("may still take effect");
                    });
        } finally {
            deadline.destroy();
            workflow.terminate("test over");
        }
    }

    /** The app's controls on the client given, acting as a client of the API outside a request. */
    private ContractControls controlsOn(WorkflowClient client, TemporalCallDeadline deadline) {
        return new ContractControls(
                new StaticListableBeanFactory(Map.of("temporal", client)).getBeanProvider(WorkflowClient.class),
                contracts,
                replacements,
                controlRequests,
                validator,
                contractSettings,
                deadline,
                new ApiClients() {
                    @Override
                    public String current() {
                        return "outage-test";
                    }
                });
    }

    @Test
    void aControlWhoseAnswerWasLostActsOnceWhenRepeatedUnderItsIdempotencyKey() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        http.simulatorKnobs(Map.of("dropEventRate", 1.0)); // events come from this test only
        TemporalCallDeadline deadline = new TemporalCallDeadline();
        try {
            String id = oneSigner(http, "Reminded twice");
            http.awaitSignatureUrl(id, 1);
            ContractRecord contract = contracts.find(id).orElseThrow();
            // Temporal takes the update, and the answer is lost on its way back: to the business system a 503.
            assertThatThrownBy(() -> controlsOn(answerLost(), deadline).remind(contract, 1, "remind-once"))
                    .isInstanceOfSatisfying(
                            ApiProblem.class,
                            problem -> assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
            awaitReminders(http, id, 1);

            // Repeated under the same key, it reaches Temporal under the first attempt's update id.
            ContractControls controls = controlsOn(temporal, deadline);
            assertThat(controls.remind(contract, 1, "remind-once")).isEqualTo(ContractControls.Outcome.APPLIED);
            // Answered from the key's claim now, without asking Temporal again.
            assertThat(controls.remind(contract, 1, "remind-once")).isEqualTo(ContractControls.Outcome.APPLIED);
            SignchainHttp.pause(2000);
            assertThat(reminders(http, id))
                    .as("one reminder for the three requests")
                    .isEqualTo(1);

            // A new key is a new control.
            assertThat(controls.remind(contract, 1, "remind-again")).isEqualTo(ContractControls.Outcome.APPLIED);
            awaitReminders(http, id, 2);
        } finally {
            deadline.destroy();
            http.resetSimulatorKnobs();
        }
    }

    /** The app's Temporal client, whose update starts reach Temporal and then fail as if the answer were lost. */
    private WorkflowClient answerLost() {
        return intercepted(
                temporal.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder(temporal.getOptions()),
                next -> new WorkflowClientCallsInterceptorBase(next) {
                    @Override
                    public <R> WorkflowUpdateHandle<R> startUpdate(StartUpdateInput<R> input) {
                        WorkflowUpdateHandle<R> taken = super.startUpdate(input);
                        throw new WorkflowServiceException(
                                taken.getExecution(),
                                input.getWorkflowType().orElse("ContractWorkflow"),
                                new StatusRuntimeException(Status.UNAVAILABLE.withDescription("the answer was lost")));
                    }
                });
    }

    /** A client on {@code stubs} whose calls go through the interceptor {@code calls} makes. */
    private static WorkflowClient intercepted(
            WorkflowServiceStubs stubs,
            WorkflowClientOptions.Builder options,
            UnaryOperator<WorkflowClientCallsInterceptor> calls) {
        return WorkflowClient.newInstance(
                stubs,
                options.setInterceptors(new WorkflowClientInterceptorBase() {
                            @Override
                            public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
                                    WorkflowClientCallsInterceptor next) {
                                return calls.apply(next);
                            }
                        })
                        .build());
    }

    private static long reminders(SignchainHttp http, String id) {
        return http.get("/api/v1/contracts/" + id + "/events")
                .json()
                .valueStream()
                .filter(e -> e.get("kind").asString().equals("signer.reminded"))
                .count();
    }

    private static void awaitReminders(SignchainHttp http, String id, long count) {
        for (int tenth = 0; tenth < 300 && reminders(http, id) < count; tenth++) {
            SignchainHttp.pause(100);
        }
        assertThat(reminders(http, id)).isEqualTo(count);
    }

    @Test
    void aControlTheWorkflowTookButHadNotAppliedInTimeAnswers202AndIsAppliedLater() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        http.simulatorKnobs(Map.of("dropEventRate", 1.0)); // events come from this test only
        try {
            String id = oneSigner(http, "Cancelled slowly");
            http.awaitSignatureUrl(id, 1);
            // Withdrawing the session hangs at the provider for longer than the control timeout, then goes through.
            http.simulatorKnobs(Map.of("hangRate", 1.0, "hangFor", "PT8S", "hangThenProcess", true));

            SignchainHttp.Response taken = http.send(
                    HttpMethod.POST, "/api/v1/contracts/" + id + "/cancel", "{\"reason\":\"the deal is off\"}");

            assertThat(taken.status()).as(new String(taken.body())).isEqualTo(202);
            assertThat(taken.json().get("status").asString()).isEqualTo("ACTIVE");
            http.simulatorKnobs(Map.of("hangRate", 0.0));
            assertThat(http.awaitStatus(id, "CANCELLED").get("reason").asString())
                    .isEqualTo("cancelled by signchain-local: the deal is off");
        } finally {
            http.resetSimulatorKnobs();
            http.simulatorKnobs(Map.of("hangRate", 0.0));
        }
    }

    @Test
    void anEventStoredWhileTemporalIsDownIsRelayedWhenItIsBack() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        http.simulatorKnobs(Map.of("dropEventRate", 1.0)); // events come from this test only
        try {
            String id = oneSigner(http, "Outage");
            String url = http.awaitSignatureUrl(id, 1);
            String sessionId = url.substring(url.lastIndexOf('/') + 1);
            http.decide(url, "sign");
            String eventId = UUID.randomUUID().toString();
            inbox.store(eventId, "signicat", "sign.session.completed", sessionId, "{}", null);

            WorkflowServiceStubs unreachable =
                    WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                            .setTarget("127.0.0.1:1")
                            .setRpcRetryOptions(RpcRetryOptions.newBuilder()
                                    .setExpiration(Duration.ofSeconds(2))
                                    .setMaximumAttempts(1)
                                    .build())
                            .build());
            WebhookRelay relayWithoutTemporal = new WebhookRelay(
                    inbox,
                    sessions,
                    WorkflowClient.newInstance(unreachable),
                    transactions,
                    settings,
                    Clock.systemUTC());
            try {
                relayWithoutTemporal.relayDue();
            } finally {
                relayWithoutTemporal.destroy();
                unreachable.shutdownNow();
            }
            assertThat(row(eventId)).containsEntry("outcome", null).containsEntry("attempts", 1);
            assertThat(row(eventId).get("last_error")).isNotNull();
            assertThat(http.contract(id).get("status").asString()).isEqualTo("ACTIVE");

            SignchainHttp.pause(1500); // past the retry backoff
            relay.relayDue();

            assertThat(row(eventId)).containsEntry("outcome", "SIGNALLED");
            http.awaitStatus(id, "COMPLETED");
        } finally {
            http.resetSimulatorKnobs();
        }
    }

    /** Submits a contract for Aksel alone; its id. */
    private static String oneSigner(SignchainHttp http, String title) {
        return http.submit(Contracts.json(title, List.of(Contracts.AKSEL)), TestPdfs.contract(title))
                .json()
                .get("id")
                .asString();
    }

    /** Stubs for a Temporal frontend nobody listens at, with the SDK's default retry options (as the app's). */
    private static WorkflowServiceStubs unreachableTemporal() {
        return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:1")
                .build());
    }

    /** A client that notes the gRPC deadline each workflow start and update starts under. */
    private static WorkflowClient recordingDeadlines(WorkflowServiceStubs stubs, List<Deadline> deadlines) {
        return intercepted(
                stubs, WorkflowClientOptions.newBuilder(), next -> new WorkflowClientCallsInterceptorBase(next) {
                    @Override
                    public WorkflowStartOutput start(WorkflowStartInput input) {
                        deadlines.add(Context.current().getDeadline());
                        return super.start(input);
                    }

                    @Override
                    public <R> WorkflowUpdateHandle<R> startUpdate(StartUpdateInput<R> input) {
                        deadlines.add(Context.current().getDeadline());
                        return super.startUpdate(input);
                    }
                });
    }

    private List<String> notStartedOf(List<String> ids) {
        return contracts.notStarted(Instant.now().plus(Duration.ofMinutes(1)), 50).stream()
                .filter(ids::contains)
                .toList();
    }

    private Map<String, Object> row(String eventId) {
        return jdbc.sql("select outcome, attempts, last_error from webhook_inbox where event_id = ?")
                .param(eventId)
                .query()
                .singleRow();
    }
}
