package no.signchain.store.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.webhook.WebhookInbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** What is counted is what was committed: an attempt that rolls back (and is retried) counts nothing. */
class SignchainMetricsTest {

    static MigratedDatabase db;

    SimpleMeterRegistry registry;
    SignchainMetrics metrics;
    WebhookInbox inbox;
    TransactionTemplate tx;

    @BeforeAll
    static void start() throws Exception {
        db = MigratedDatabase.start();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @BeforeEach
    void fresh() {
        registry = new SimpleMeterRegistry();
        metrics = new SignchainMetrics(registry, db.dataSource());
        inbox = new WebhookInbox(db.dataSource(), Clock.systemUTC(), metrics);
        tx = new TransactionTemplate(db.transactions());
    }

    @Test
    void aWebhookEventIsCountedOnceStoredAndARedeliveryAsADuplicate() {
        String id = "evt-" + System.nanoTime();

        tx.executeWithoutResult(status -> {
            inbox.store(id, "signicat", "signing-session.completed", "s1", "{}", null);
            status.setRollbackOnly();
        });
        assertThat(received("stored")).as("rolled back").isZero();

        inbox.store(id, "signicat", "signing-session.completed", "s1", "{}", null);
        inbox.store(id, "signicat", "signing-session.completed", "s1", "{}", null);

        assertThat(received("stored")).isEqualTo(1);
        assertThat(received("duplicate")).isEqualTo(1);
    }

    @Test
    void eachInboxWriteRecordsHowManyEventsItCommitted() {
        inbox.store("evt-" + System.nanoTime(), "signicat", "signing-session.completed", "s1", "{}", null);
        inbox.store("evt-" + System.nanoTime(), "signicat", "signing-session.completed", "s1", "{}", null);

        var writes = registry.get("signchain.webhook.inbox.group.size").summary();
        assertThat(writes.count()).isEqualTo(2);
        assertThat(writes.totalAmount()).isEqualTo(2.0);
    }

    @Test
    void aRelayedEventIsCountedByWhatBecameOfItOnceCommitted() {
        String id = "evt-" + System.nanoTime();
        inbox.store(id, "signicat", "signing-session.completed", "s1", "{}", null);

        tx.executeWithoutResult(status -> {
            inbox.markRelayed(id, WebhookInbox.Outcome.SIGNALLED);
            status.setRollbackOnly();
        });
        assertThat(relayed("signalled")).as("rolled back").isZero();

        tx.executeWithoutResult(status -> inbox.markRelayed(id, WebhookInbox.Outcome.SIGNALLED));
        assertThat(relayed("signalled")).isEqualTo(1);
    }

    @Test
    void verificationFailuresAndCallbackOutcomesComeFromTheAuditTrailsKinds() {
        tx.executeWithoutResult(status -> {
            metrics.auditEntry("version.verification_failed");
            status.setRollbackOnly();
        });
        metrics.auditEntry("version.verification_failed");
        metrics.auditEntry("version.verified");
        metrics.auditEntry("callback.failed");

        assertThat(registry.get("signchain.verification.failures").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("signchain.callback.deliveries")
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("signchain.callback.deliveries")
                        .tag("outcome", "delivered")
                        .counter()
                        .count())
                .isZero();
    }

    private double received(String outcome) {
        var counter = registry.find("signchain.webhook.events.received")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double relayed(String outcome) {
        var counter = registry.find("signchain.webhook.events.relayed")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
