package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.api.webhook.SignicatWebhookProperties;
import no.signchain.api.webhook.WebhookRelay;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.store.webhook.WebhookInbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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

    @Test
    void everyScheduledSweepHasAThreadOfItsOwnSoThatOneWaitingOnTemporalHoldsUpNoOther() {
        int tasks = scheduledTasks.stream()
                .mapToInt(holder -> holder.getScheduledTasks().size())
                .sum();

        assertThat(tasks).isGreaterThanOrEqualTo(3); // the relay, the start sweep, the callback sender
        assertThat(scheduler.getScheduledThreadPoolExecutor().getCorePoolSize()).isGreaterThanOrEqualTo(tasks);
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

    private Map<String, Object> row(String eventId) {
        return jdbc.sql("select outcome, attempts, last_error from webhook_inbox where event_id = ?")
                .param(eventId)
                .query()
                .singleRow();
    }
}
