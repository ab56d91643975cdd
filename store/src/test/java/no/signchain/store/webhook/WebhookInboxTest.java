package no.signchain.store.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.NewContract;
import no.signchain.store.contract.NewSigner;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.testing.TestPersonalData;
import no.signchain.workflows.contract.ReminderSchedule;
import no.signchain.workflows.signing.SignerStep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's order (events of signchain's own sessions before a backlog of events for sessions it never opened), and
 * what a claimed event carries to the relay.
 */
class WebhookInboxTest {

    static MigratedDatabase db;

    WebhookInbox inbox;
    TransactionTemplate tx;
    SigningSessionLedger ledger;
    SignerStep step;
    String knownSession;

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
        db.jdbc().sql("delete from webhook_inbox").update();
        Clock clock = Clock.systemUTC();
        inbox = new WebhookInbox(db.dataSource(), clock);
        tx = new TransactionTemplate(db.transactions());
        ContractEvents audit = new ContractEvents(db.dataSource(), clock);
        ContractRepository contracts = new ContractRepository(
                db.dataSource(),
                db.transactions(),
                clock,
                new CallbackEvents(db.dataSource(), clock),
                audit,
                TestPersonalData.withRandomKeys());
        String contractId = UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> contracts.insert(
                contractId,
                new NewContract(
                        "client-1",
                        "Lease",
                        "ref-" + contractId,
                        null,
                        List.of(new NewSigner("Aksel Herseth", NationalId.parse("06046517928"), null, null, null)),
                        null,
                        ReminderSchedule.NONE),
                "sha"));
        ledger = new SigningSessionLedger(db.dataSource(), clock);
        step = new SignerStep(contractId, 1);
        ledger.register(step, 1, "signicat-v2");
        knownSession = "session-" + contractId;
        ledger.recordOpened(
                step, 1, knownSession, "https://sign.example/1", Instant.now().plusSeconds(3600));
    }

    @Test
    void aKnownSessionsEventIsClaimedBeforeAnEarlierBacklogOfStrangersEvents() {
        for (int i = 0; i < 5; i++) {
            inbox.store("stranger-" + i, "signicat", "signing-session.completed", "someone-else-" + i, "{}", null);
        }
        inbox.store("ours", "signicat", "signing-session.completed", knownSession, "{}", null);

        List<InboxEvent> claimed = tx.execute(s -> inbox.claimDue(2));

        assertThat(claimed).extracting(InboxEvent::eventId).containsExactly("ours", "stranger-0");
    }

    @Test
    void anEventThatCameBeforeItsSessionWasRecordedIsDueAtOnceWhenItIsAndAheadOfStrangers() {
        inbox.store("stranger", "signicat", "signing-session.completed", "someone-else", "{}", null);
        inbox.store("early", "signicat", "signing-session.completed", "late-session", "{}", null);
        tx.executeWithoutResult(s -> inbox.claimDue(10)
                .forEach(event ->
                        inbox.retryLater(event.eventId(), Instant.now().plusSeconds(3600), "session not known (yet)")));
        assertThat(claim(10)).isEmpty();

        ledger.register(step, 2, "signicat-v2");
        ledger.recordOpened(
                step, 2, "late-session", "https://sign.example/2", Instant.now().plusSeconds(3600));

        assertThat(claim(10)).extracting(InboxEvent::eventId).containsExactly("early");
        inbox.store("newer-stranger", "signicat", "signing-session.completed", "someone-new", "{}", null);
        inbox.store("ours-later", "signicat", "signing-session.completed", "late-session", "{}", null);
        assertThat(claim(10)).extracting(InboxEvent::eventId).containsExactly("early", "ours-later", "newer-stranger");
    }

    private List<InboxEvent> claim(int limit) {
        return tx.execute(s -> inbox.claimDue(limit));
    }

    @Test
    void strangersEventsStillComeOldestFirst() {
        for (int i = 0; i < 3; i++) {
            inbox.store("stranger-" + i, "signicat", "signing-session.completed", "someone-else-" + i, "{}", null);
        }
        inbox.store("no-session", "signicat", "account.updated", null, "{}", null);

        List<InboxEvent> claimed = tx.execute(s -> inbox.claimDue(10));

        // An event naming no session is settled at once (ignored), so it needs no wait behind the strangers.
        assertThat(claimed)
                .extracting(InboxEvent::eventId)
                .containsExactly("no-session", "stranger-0", "stranger-1", "stranger-2");
    }

    @Test
    void aClaimedEventCarriesItsFirstDeliverysTrace() {
        String traced = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        inbox.store("traced", "signicat", "signing-session.completed", knownSession, "{}", traced);
        inbox.store(
                "traced",
                "signicat",
                "signing-session.completed",
                knownSession,
                "{}",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        inbox.store("untraced", "zignsec", "COMPLETED", knownSession, "{}", null);

        List<InboxEvent> claimed = tx.execute(s -> inbox.claimDue(10));

        assertThat(claimed)
                .extracting(InboxEvent::eventId, InboxEvent::traceParent)
                .containsExactlyInAnyOrder(tuple("traced", traced), tuple("untraced", null));
    }

    @Test
    void sessionsAnnouncedAreThoseOfTheProvidersEventsOfThatNameSinceThen() {
        Instant before = Instant.now().minusSeconds(1);
        inbox.store("v1-a", "signicat-v1", "created:signchain:c:1:1", "order-a:1", "{}", null);
        inbox.store("v1-b", "signicat-v1", "created:signchain:c:1:1", "order-b:1", "{}", null);
        inbox.store("v1-other-step", "signicat-v1", "created:signchain:c:2:1", "order-c:1", "{}", null);
        inbox.store("v1-done", "signicat-v1", "completed", "order-a:1", "{}", null);
        inbox.store("v2-same-name", "signicat", "created:signchain:c:1:1", "session-x", "{}", null);

        assertThat(inbox.sessionsAnnounced("signicat-v1", "created:signchain:c:1:1", before))
                .containsExactly("order-a:1", "order-b:1");
        assertThat(inbox.sessionsAnnounced(
                        "signicat-v1", "created:signchain:c:1:1", Instant.now().plusSeconds(60)))
                .isEmpty();
    }

    @Test
    void anAnnouncementIsStoredRelayedAlreadyAndAnyOtherEventIsDue() {
        inbox.store("v1-created", "signicat-v1", SessionAnnouncement.eventName("signchain:c:1:1"), "o:1", "{}", null);
        inbox.store("v1-completed", "signicat-v1", "completed", "o:1", "{}", null);

        List<InboxEvent> due = tx.execute(status -> inbox.claimDue(10));
        assertThat(due).extracting(InboxEvent::eventId).containsExactly("v1-completed");
        assertThat(db.jdbc()
                        .sql(
                                "select outcome from webhook_inbox where event_id = 'v1-created' and relayed_at is not null")
                        .query(String.class)
                        .list())
                .containsExactly("ANNOUNCEMENT");
        assertThat(inbox.sessionsAnnounced(
                        "signicat-v1", SessionAnnouncement.eventName("signchain:c:1:1"), Instant.EPOCH))
                .containsExactly("o:1");
    }

    @Test
    void aGroupWritesEachEventAndTakesTheFirstOfTwoWithOneIdAsTheDelivery() {
        inbox.store("stored-before", "signicat", "signing-session.completed", knownSession, "{\"n\":0}", null);

        List<Boolean> fresh = inbox.insert(List.of(
                new WebhookInbox.Arrival("a", "signicat", "signing-session.completed", knownSession, "{\"n\":1}", null),
                new WebhookInbox.Arrival(
                        "stored-before", "signicat", "signing-session.completed", knownSession, "{}", null),
                new WebhookInbox.Arrival(
                        "b", "signicat", "signing-session.completed", "someone-else", "{\"n\":2}", null),
                new WebhookInbox.Arrival("a", "signicat", "signing-session.completed", knownSession, "{\"n\":3}", null),
                new WebhookInbox.Arrival(
                        "announced",
                        "signicat-v1",
                        SessionAnnouncement.eventName("signchain:c:1:1"),
                        "o:1",
                        "{}",
                        null),
                new WebhookInbox.Arrival("no-session", "signicat", "account.updated", null, "{}", "00-trace-01")));

        assertThat(fresh).containsExactly(true, false, true, false, true, true);
        assertThat(db.jdbc()
                        .sql("""
                                select event_id, payload, session_known, outcome, relayed_at is not null, trace_parent
                                  from webhook_inbox order by event_id""")
                        .query((rs, n) -> tuple(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getBoolean(3),
                                rs.getString(4),
                                rs.getBoolean(5),
                                rs.getString(6)))
                        .list())
                .containsExactly(
                        tuple("a", "{\"n\":1}", true, null, false, null),
                        tuple("announced", "{}", false, "ANNOUNCEMENT", true, null),
                        tuple("b", "{\"n\":2}", false, null, false, null),
                        tuple("no-session", "{}", true, null, false, "00-trace-01"),
                        tuple("stored-before", "{\"n\":0}", true, null, false, null));
    }

    @Test
    void deliveriesStoredAtOnceAreEachStoredOnceAndOnlyOneCallerPerEventSeesItFresh() throws Exception {
        int callers = 32;
        int eachStores = 40;
        AtomicInteger freshAnswers = new AtomicInteger();
        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            List<Future<?>> done = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int c = 0; c < callers; c++) {
                int caller = c;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < eachStores; i++) {
                        // Every event is delivered by two callers, as a provider's retry racing its first delivery.
                        String eventId = "event-" + (caller / 2) + "-" + i;
                        if (inbox.store(eventId, "signicat", "signing-session.completed", knownSession, "{}", null)) {
                            freshAnswers.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
        }

        int events = callers / 2 * eachStores;
        assertThat(freshAnswers).hasValue(events);
        assertThat(db.jdbc()
                        .sql("select count(*) from webhook_inbox where session_known")
                        .query(Integer.class)
                        .single())
                .isEqualTo(events);
    }
}
