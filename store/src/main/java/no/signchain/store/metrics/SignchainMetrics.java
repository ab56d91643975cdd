package no.signchain.store.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.store.callback.CallbackEventType;
import no.signchain.store.callback.NewCallbackEvent;
import no.signchain.store.webhook.WebhookInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * signchain's own metrics ({@code signchain_*} in Prometheus), counted where the store records what they count: the
 * audit trail sees every state change, verification and callback outcome, the inbox every webhook event. Counted once
 * the recording transaction commits, so a rolled-back attempt that Temporal retries is counted once.
 * <p>
 * Tags are small fixed sets (status, provider, outcome): never a contract id, a name or an identity number.
 */
public class SignchainMetrics {

    /** The provider whose series exist from the start, and the one a contract no longer found is counted under. */
    public static final String DEFAULT_PROVIDER = "signicat-v2";

    private static final List<CallbackEventType> ENDINGS = List.of(
            CallbackEventType.CONTRACT_COMPLETED,
            CallbackEventType.CONTRACT_REJECTED,
            CallbackEventType.CONTRACT_EXPIRED,
            CallbackEventType.CONTRACT_CANCELLED,
            CallbackEventType.CONTRACT_FAILED);

    private static final Logger log = LoggerFactory.getLogger(SignchainMetrics.class);

    private final MeterRegistry registry;
    private final JdbcClient jdbc;

    /** Counts nothing anyone reads: for code and tests built without a registry. */
    public static SignchainMetrics none(DataSource dataSource) {
        return new SignchainMetrics(new CompositeMeterRegistry(), dataSource);
    }

    public SignchainMetrics(MeterRegistry registry, DataSource dataSource) {
        this.registry = registry;
        this.jdbc = JdbcClient.create(dataSource);
        // Present from the start at zero, so a dashboard's rate() has a series before the first contract.
        contractsStarted(DEFAULT_PROVIDER);
        for (CallbackEventType ending : ENDINGS) {
            contractsEnded(statusOf(ending), DEFAULT_PROVIDER);
        }
        handoff(DEFAULT_PROVIDER);
        for (String outcome : List.of("delivered", "failed")) {
            callbackDeliveries(outcome);
        }
        verificationFailures();
    }

    /** State changes just recorded (intake and the workflow's progress). */
    public void stateChanges(List<NewCallbackEvent> changes) {
        afterCommit(() -> {
            for (NewCallbackEvent change : changes) {
                switch (change.type()) {
                    case CONTRACT_STARTED ->
                        contractsStarted(providerOf(change.contractId())).increment();
                    case CONTRACT_COMPLETED, CONTRACT_REJECTED, CONTRACT_EXPIRED, CONTRACT_CANCELLED, CONTRACT_FAILED ->
                        contractsEnded(statusOf(change.type()), providerOf(change.contractId()))
                                .increment();
                    case SIGNER_SESSION_OPENED -> recordHandoff(change);
                    default -> {}
                }
            }
        });
    }

    /** An audit entry just recorded, by its kind ({@code callback.failed}, {@code version.verification_failed}). */
    public void auditEntry(String kind) {
        switch (kind) {
            case "callback.delivered" ->
                afterCommit(() -> callbackDeliveries("delivered").increment());
            case "callback.failed" ->
                afterCommit(() -> callbackDeliveries("failed").increment());
            case "version.verification_failed" ->
                afterCommit(() -> verificationFailures().increment());
            default -> {}
        }
    }

    /** A webhook delivery's event, stored ({@code fresh}) or already stored (a redelivery). */
    public void webhookEventReceived(String provider, boolean fresh) {
        afterCommit(() -> Counter.builder("signchain.webhook.events.received")
                .description("Provider webhook events stored in the inbox, and redeliveries of stored ones")
                .tag("provider", provider)
                .tag("outcome", fresh ? "stored" : "duplicate")
                .register(registry)
                .increment());
    }

    /**
     * Events the inbox wrote in one statement and commit: above one only while deliveries arrive faster than the
     * inbox's writers commit them alone.
     */
    public void webhookInboxWrite(int events) {
        afterCommit(() -> DistributionSummary.builder("signchain.webhook.inbox.group.size")
                .description("Webhook events written to the inbox in one statement and commit")
                .baseUnit("events")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 100)
                .register(registry)
                .record(events));
    }

    /** An inbox event the relay is done with. */
    public void webhookEventRelayed(WebhookInbox.Outcome outcome) {
        afterCommit(() -> Counter.builder("signchain.webhook.events.relayed")
                .description("Inbox events the relay is done with, by what became of them")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment());
    }

    /**
     * Signer k signed to signer k+1's session open: the handoff. Measured on the first session of signer k+1 only; a
     * session opened again (after an expiry or a replacement) is no handoff.
     */
    private void recordHandoff(NewCallbackEvent opened) {
        if (opened.signerIndex() == null || opened.signerIndex() < 2) {
            return;
        }
        UUID contract = UUID.fromString(opened.contractId());
        record Previous(Instant signedAt, int opens) {}
        Previous previous = jdbc.sql("""
                        select (select max(occurred_at) from contract_event
                                 where contract_id = :id and kind = 'signer.signed' and signer_index = :previous)
                                   as signed_at,
                               (select count(*) from contract_event
                                 where contract_id = :id and kind = 'signer.session_opened' and signer_index = :index)
                                   as opens""")
                .param("id", contract)
                .param("previous", opened.signerIndex() - 1)
                .param("index", opened.signerIndex())
                .query((rs, n) -> new Previous(Sql.instant(rs, "signed_at"), rs.getInt("opens")))
                .single();
        if (previous.signedAt() == null || previous.opens() != 1) {
            return;
        }
        Duration handoff = Duration.between(previous.signedAt(), opened.occurredAt());
        if (!handoff.isNegative()) {
            handoff(providerOf(opened.contractId())).record(handoff);
        }
    }

    /** The provider the contract signs with, as stored with it at intake. */
    private String providerOf(String contractId) {
        return jdbc.sql("select provider from contract where id = ?")
                .param(UUID.fromString(contractId))
                .query(String.class)
                .optional()
                .orElse(DEFAULT_PROVIDER);
    }

    private Counter contractsStarted(String provider) {
        return Counter.builder("signchain.contracts.started")
                .description("Contracts accepted at intake")
                .tag("provider", provider)
                .register(registry);
    }

    private Counter contractsEnded(String status, String provider) {
        return Counter.builder("signchain.contracts.ended")
                .description("Contracts that ended, by how")
                .tag("status", status)
                .tag("provider", provider)
                .register(registry);
    }

    private Timer handoff(String provider) {
        return Timer.builder("signchain.handoff")
                .description("From a signer's signature to the next signer's session opening")
                .tag("provider", provider)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    private Counter callbackDeliveries(String outcome) {
        return Counter.builder("signchain.callback.deliveries")
                .description("Callbacks to business systems delivered, or given up on after their retries")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter verificationFailures() {
        return Counter.builder("signchain.verification.failures")
                .description("Signed versions whose verification failed")
                .register(registry);
    }

    private static String statusOf(CallbackEventType ending) {
        return ending.wireName().substring("contract.".length());
    }

    /** Now, or once the current transaction commits; never for one that rolls back. */
    private static void afterCommit(Runnable count) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    countSafely(count);
                }
            });
        } else {
            countSafely(count);
        }
    }

    /** A metric that cannot be counted is logged, never a failure of what it counts (that is committed already). */
    private static void countSafely(Runnable count) {
        try {
            count.run();
        } catch (RuntimeException e) {
            log.warn("Could not count a metric: {}", e.toString());
        }
    }
}
