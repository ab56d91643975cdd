package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Deadline;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
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
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.api.contract.ContractProperties;
import no.signchain.api.contract.ContractWorkflowStarter;
import no.signchain.api.webhook.SignicatWebhookProperties;
import no.signchain.api.webhook.WebhookRelay;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.store.webhook.WebhookInbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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
            "signchain.contracts.reconcile-interval=PT10M"
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
                .map(title -> http.submit(Contracts.json(title, List.of(Contracts.AKSEL)), TestPdfs.contract(title))
                        .json()
                        .get("id")
                        .asString())
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
        WorkflowServiceStubs unreachable = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:1")
                .build());
        List<Deadline> attempts = new CopyOnWriteArrayList<>();
        WorkflowClient client = WorkflowClient.newInstance(
                unreachable,
                WorkflowClientOptions.newBuilder()
                        .setInterceptors(new WorkflowClientInterceptorBase() {
                            @Override
                            public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
                                    WorkflowClientCallsInterceptor next) {
                                return new WorkflowClientCallsInterceptorBase(next) {
                                    @Override
                                    public WorkflowStartOutput start(WorkflowStartInput input) {
                                        attempts.add(Context.current().getDeadline());
                                        return super.start(input);
                                    }
                                };
                            }
                        })
                        .build());
        ContractProperties oneSecond = new ContractProperties(
                contractSettings.defaultSigningPeriod(),
                contractSettings.reconcileInterval(),
                contractSettings.maxSigners(),
                contractSettings.reminders(),
                Duration.ofSeconds(1));
        // A clock a minute ahead, so that the sweep takes the two contracts just stored.
        ContractWorkflowStarter starter = new ContractWorkflowStarter(
                new StaticListableBeanFactory(Map.of("temporal", client)).getBeanProvider(WorkflowClient.class),
                contracts,
                oneSecond,
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
            starter.destroy();
            unreachable.shutdownNow();
        }
        // The app's own sweep finds them started already (the same workflow ids) and notes it.
        for (int second = 0; second < 60 && !notStartedOf(ids).isEmpty(); second++) {
            SignchainHttp.pause(1000);
        }
        assertThat(notStartedOf(ids)).isEmpty();
    }

    @Test
    void anEventStoredWhileTemporalIsDownIsRelayedWhenItIsBack() {
        SignchainHttp http = new SignchainHttp(port, simulator.root().toString());
        http.simulatorKnobs(Map.of("dropEventRate", 1.0)); // events come from this test only
        try {
            String id = http.submit(
                            Contracts.json("Outage", java.util.List.of(Contracts.AKSEL)), TestPdfs.contract("Outage"))
                    .json()
                    .get("id")
                    .asString();
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
