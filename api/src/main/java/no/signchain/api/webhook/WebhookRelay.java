package no.signchain.api.webhook;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.store.webhook.InboxEvent;
import no.signchain.store.webhook.WebhookInbox;
import no.signchain.workflows.contract.ContractWorkflow;
import no.signchain.workflows.contract.SessionEventHint;
import no.signchain.workflows.signing.SignerStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves events from the inbox to the workflows they concern. Runs right after a delivery and on a schedule, so an
 * event stored while Temporal was unreachable, or before its session was recorded, is delivered later. Several
 * processes may relay at once: each claims its events with {@code for update skip locked}.
 */
@Component
public class WebhookRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookRelay.class);
    private static final int BATCH = 20;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration UNKNOWN_SESSION_FIRST_WAIT = Duration.ofMinutes(1);
    private static final Duration UNKNOWN_SESSION_LONGEST_WAIT = Duration.ofMinutes(5);

    private final WebhookInbox inbox;
    private final SigningSessionLedger sessions;
    private final WorkflowClient temporal;
    private final TransactionTemplate tx;
    private final SignicatWebhookProperties settings;
    private final Clock clock;
    private final EventTraces traces;
    private final ExecutorService soon = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("webhook-relay").daemon().factory());
    private final AtomicBoolean queued = new AtomicBoolean();

    public WebhookRelay(
            WebhookInbox inbox,
            SigningSessionLedger sessions,
            WorkflowClient temporal,
            PlatformTransactionManager transactions,
            SignicatWebhookProperties settings,
            Clock clock) {
        this(inbox, sessions, temporal, transactions, settings, clock, EventTraces.none());
    }

    @Autowired
    public WebhookRelay(
            WebhookInbox inbox,
            SigningSessionLedger sessions,
            WorkflowClient temporal,
            PlatformTransactionManager transactions,
            SignicatWebhookProperties settings,
            Clock clock,
            EventTraces traces) {
        this.traces = traces;
        this.inbox = inbox;
        this.sessions = sessions;
        this.temporal = temporal;
        this.tx = new TransactionTemplate(transactions);
        this.settings = settings;
        this.clock = clock;
    }

    /** Relays without waiting for the schedule; many calls in a burst collapse into one run. */
    public void relaySoon() {
        if (queued.compareAndSet(false, true)) {
            soon.execute(() -> {
                queued.set(false);
                relayDue();
            });
        }
    }

    @Scheduled(fixedDelayString = "${signchain.webhook.relay-interval:PT1S}")
    public void relayDue() {
        try {
            boolean more = true;
            while (more) {
                more = Boolean.TRUE.equals(tx.execute(status -> relayBatch()));
            }
        } catch (RuntimeException e) {
            log.warn("Relaying webhook events failed; retrying on the next run: {}", e.toString());
        }
    }

    /** Relays one batch; true when a full batch went through and more may be due. */
    private boolean relayBatch() {
        List<InboxEvent> due = inbox.claimDue(BATCH);
        for (InboxEvent event : due) {
            if (!traces.relayIn(event.traceParent(), () -> relay(event))) {
                return false; // Temporal is unreachable: leave the rest for the next run
            }
        }
        return due.size() == BATCH;
    }

    /** False when Temporal could not be reached. */
    private boolean relay(InboxEvent event) {
        if (event.sessionRef() == null) {
            inbox.markRelayed(event.eventId(), WebhookInbox.Outcome.IGNORED);
            return true;
        }
        Optional<SignerStep> step = sessions.stepOf(event.sessionRef());
        if (step.isEmpty()) {
            // The session may be open already but not yet recorded: its activity is still finishing. Recording it
            // makes this event due at once (SigningSessionLedger.recordOpened), so looking again is only a safety net,
            // and rare: most such events are other integrations' and cost a round trip each time.
            if (event.receivedAt().plus(settings.unknownSessionGiveUp()).isBefore(clock.instant())) {
                inbox.markRelayed(event.eventId(), WebhookInbox.Outcome.UNKNOWN_SESSION);
            } else {
                inbox.retryLater(event.eventId(), nextLookForSession(event), "session not known (yet)");
            }
            return true;
        }
        String workflowId = ContractWorkflow.workflowId(step.get().contractId());
        try {
            temporal.newWorkflowStub(ContractWorkflow.class, workflowId)
                    .sessionEvent(new SessionEventHint(event.eventId(), event.sessionRef()));
            inbox.markRelayed(event.eventId(), WebhookInbox.Outcome.SIGNALLED);
            return true;
        } catch (WorkflowNotFoundException closed) {
            inbox.markRelayed(event.eventId(), WebhookInbox.Outcome.WORKFLOW_CLOSED);
            return true;
        } catch (RuntimeException unreachable) {
            inbox.retryLater(event.eventId(), nextAttempt(event), unreachable.toString());
            log.warn("Could not signal {} for event {}: {}", workflowId, event.eventId(), unreachable.toString());
            return false;
        }
    }

    /** A minute, then each wait twice the one before, up to five minutes: six looks in the default 15 minutes. */
    private Instant nextLookForSession(InboxEvent event) {
        long seconds = Math.min(
                UNKNOWN_SESSION_LONGEST_WAIT.toSeconds(),
                UNKNOWN_SESSION_FIRST_WAIT.toSeconds() << Math.min(event.attempts(), 10));
        return clock.instant().plusSeconds(seconds);
    }

    private Instant nextAttempt(InboxEvent event) {
        long millis = Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(event.attempts(), 10));
        return clock.instant().plusMillis(millis);
    }

    @Override
    public void destroy() {
        soon.shutdownNow();
    }
}
