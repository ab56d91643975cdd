package no.signchain.store.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.NewContract;
import no.signchain.store.contract.NewSigner;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.testing.MutableClock;
import no.signchain.store.testing.TestPersonalData;
import no.signchain.workflows.contract.ContractPhase;
import no.signchain.workflows.contract.ContractProgress;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.DocumentVersionRef;
import no.signchain.workflows.contract.ReminderSchedule;
import no.signchain.workflows.contract.SignerProgress;
import no.signchain.workflows.contract.SignerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The callback outbox on a real PostgreSQL: which events a progress snapshot records, and how deliveries are
 * claimed in order, leased, settled and redelivered.
 */
class CallbackStoreTest {

    private static final String[] NINS = {"06046517928", "11920287974", "12829025475"};
    private static final String[] NAMES = {"Aksel Herseth", "Ole Bramserud", "Sanna Hansen"};
    private static final Duration RETRY_FOR = Duration.ofHours(24);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static MigratedDatabase database;
    private static DataSource dataSource;
    private static DataSourceTransactionManager transactions;
    private static JdbcClient jdbc;

    private MutableClock clock;
    private ContractRepository contracts;
    private CallbackEvents events;
    private CallbackOutbox outbox;

    @BeforeAll
    static void database() throws IOException {
        database = MigratedDatabase.start();
        dataSource = database.dataSource();
        transactions = database.transactions();
        jdbc = database.jdbc();
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
    }

    @BeforeEach
    void fresh() {
        // Each test starts with an empty outbox, so that claims see only its own deliveries.
        jdbc.sql("delete from callback_event").update();
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        events = new CallbackEvents(dataSource, clock);
        contracts = new ContractRepository(
                dataSource,
                transactions,
                clock,
                events,
                new ContractEvents(dataSource, clock),
                TestPersonalData.withRandomKeys());
        outbox = new CallbackOutbox(dataSource, transactions, clock, new ContractEvents(dataSource, clock));
    }

    // --- which events a snapshot records -------------------------------------------------------------------------

    @Test
    void aChainOfThreeSignersRecordsEveryStepOnceAndInOrder() {
        String id = newContract(3, "https://business.example/hooks");
        Snapshots chain = new Snapshots(id, 3);

        contracts.recordProgress(chain.phase(ContractPhase.OPENING_SESSION, 1));
        for (int signer = 1; signer <= 3; signer++) {
            ContractProgress opened = chain.opened(signer);
            contracts.recordProgress(opened);
            contracts.recordProgress(opened); // a retried activity: the same snapshot again
            contracts.recordProgress(chain.phase(ContractPhase.COLLECTING_SIGNED_DOCUMENT, signer));
            contracts.recordProgress(chain.finished(signer, SignerStatus.SIGNED));
        }
        contracts.recordProgress(chain.end(ContractStatus.COMPLETED, null));
        contracts.recordProgress(chain.end(ContractStatus.COMPLETED, null));

        assertThat(recorded(id))
                .containsExactly(
                        "signer.session_opened 1 Aksel Herseth https://sign.example/1",
                        "signer.signed 1 Aksel Herseth",
                        "signer.session_opened 2 Ole Bramserud https://sign.example/2",
                        "signer.signed 2 Ole Bramserud",
                        "signer.session_opened 3 Sanna Hansen https://sign.example/3",
                        "signer.signed 3 Sanna Hansen",
                        "contract.completed");
    }

    @Test
    void aSnapshotOlderThanTheStoredOneRecordsNothing() {
        String id = newContract(2, null);
        Snapshots chain = new Snapshots(id, 2);
        ContractProgress opened = chain.opened(1);
        ContractProgress signed = chain.finished(1, SignerStatus.SIGNED);

        contracts.recordProgress(signed);
        contracts.recordProgress(opened); // a late retry of the earlier activity

        assertThat(recorded(id)).containsExactly("signer.signed 1 Aksel Herseth");
    }

    @Test
    void aWorkflowTaskRunAgainWritesItsSnapshotsAgainWithoutASecondEvent() {
        String id = newContract(1, "https://business.example/hooks");
        Snapshots chain = new Snapshots(id, 1);
        contracts.recordProgress(chain.opened(1));
        // The workflow task after signer 1's verification: the signer's snapshot, then the contract's end, both
        // local activities in the same task. The worker is killed before the task completes, so the task runs again
        // and its local activities write both snapshots again, at the later task's time.
        ContractProgress signed = chain.finished(1, SignerStatus.SIGNED);
        ContractProgress completed = chain.end(ContractStatus.COMPLETED, null);
        contracts.recordProgress(signed);
        contracts.recordProgress(completed);
        clock.advance(Duration.ofSeconds(12));
        contracts.recordProgress(again(signed, clock.instant()));
        contracts.recordProgress(again(completed, clock.instant()));

        assertThat(recorded(id))
                .containsExactly(
                        "signer.session_opened 1 Aksel Herseth https://sign.example/1",
                        "signer.signed 1 Aksel Herseth",
                        "contract.completed");
    }

    private static ContractProgress again(ContractProgress snapshot, Instant at) {
        return new ContractProgress(
                snapshot.contractId(),
                snapshot.status(),
                snapshot.phase(),
                snapshot.currentSigner(),
                snapshot.signers(),
                snapshot.latestDocument(),
                snapshot.reason(),
                at,
                snapshot.sequence());
    }

    @Test
    void oneSnapshotWithSeveralChangesRecordsSignersInOrderThenTheContract() {
        String id = newContract(3, null);
        Snapshots chain = new Snapshots(id, 3);
        contracts.recordProgress(chain.opened(1));

        chain.signers.set(0, chain.signers.get(0).finished(SignerStatus.SIGNED, chain.tick()));
        chain.signers.set(1, chain.signers.get(1).opened("s2", "https://sign.example/2", chain.tick()));
        contracts.recordProgress(chain.snapshot(ContractStatus.ACTIVE, ContractPhase.WAITING_FOR_SIGNER, 2, null));
        chain.signers.set(1, chain.signers.get(1).finished(SignerStatus.REJECTED, chain.tick()));
        chain.signers.set(2, chain.signers.get(2).finished(SignerStatus.SKIPPED, chain.tick()));
        contracts.recordProgress(
                chain.snapshot(ContractStatus.REJECTED, ContractPhase.REJECTED, 0, "signer 2 rejected"));

        assertThat(recorded(id))
                .containsExactly(
                        "signer.session_opened 1 Aksel Herseth https://sign.example/1",
                        "signer.signed 1 Aksel Herseth",
                        "signer.session_opened 2 Ole Bramserud https://sign.example/2",
                        "signer.rejected 2 Ole Bramserud",
                        "contract.rejected reason=signer 2 rejected");
    }

    @Test
    void aNewSessionForASignerAlreadyReadyIsOpenedAgainWithItsNewUrl() {
        String id = newContract(1, null);
        Snapshots chain = new Snapshots(id, 1);
        contracts.recordProgress(chain.opened(1));
        chain.signers.set(0, SignerProgress.waiting(1).opened("s1-b", "https://sign.example/1b", chain.tick()));
        contracts.recordProgress(chain.snapshot(ContractStatus.ACTIVE, ContractPhase.WAITING_FOR_SIGNER, 1, null));

        assertThat(recorded(id))
                .containsExactly(
                        "signer.session_opened 1 Aksel Herseth https://sign.example/1",
                        "signer.session_opened 1 Aksel Herseth https://sign.example/1b");
    }

    @Test
    void expiredAndFailedContractsSayWhyWithoutAnIdentityNumber() {
        String expired = newContract(1, null);
        Snapshots chain = new Snapshots(expired, 1);
        contracts.recordProgress(chain.opened(1));
        contracts.recordProgress(chain.finished(1, SignerStatus.EXPIRED));
        contracts.recordProgress(chain.end(ContractStatus.EXPIRED, "signer 1 did not sign before the deadline"));

        String failed = newContract(1, null);
        Snapshots other = new Snapshots(failed, 1);
        contracts.recordProgress(other.finished(1, SignerStatus.FAILED));
        contracts.recordProgress(
                other.end(ContractStatus.FAILED, "the provider said: no person " + NINS[0] + " known"));

        assertThat(recorded(expired))
                .containsExactly(
                        "signer.session_opened 1 Aksel Herseth https://sign.example/1",
                        "signer.expired 1 Aksel Herseth",
                        "contract.expired reason=signer 1 did not sign before the deadline");
        assertThat(recorded(failed))
                .containsExactly("contract.failed reason=the provider said: no person " + NationalId.MASK + " known");
    }

    @Test
    void eventsAreRecordedOnlyInsideTheTransactionOfTheirChange() {
        String id = newContract(1, null);
        NewCallbackEvent started =
                NewCallbackEvent.contract(id, CallbackEventType.CONTRACT_STARTED, clock.instant(), null);

        assertThatThrownBy(() -> events.record(started)).isInstanceOf(IllegalStateException.class);

        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(status -> {
            events.record(started);
            status.setRollbackOnly(); // the state change failed: its event goes with it
        });
        assertThat(recorded(id)).isEmpty();
    }

    @Test
    void aDedupeKeyRecordsARetriedCallersEventOnce() {
        String id = newContract(2, null);
        NewCallbackEvent reminder = NewCallbackEvent.signer(
                        id, CallbackEventType.SIGNER_REMINDER_DUE, clock.instant(), 2, "Ole Bramserud")
                .withDedupeKey("reminder-2-1");
        TransactionTemplate tx = new TransactionTemplate(transactions);

        assertThat((boolean) tx.execute(s -> events.record(reminder))).isTrue();
        assertThat((boolean) tx.execute(s -> events.record(reminder))).isFalse();
        assertThat((boolean) tx.execute(s -> events.record(reminder.withDedupeKey("reminder-2-2"))))
                .isTrue();
        tx.executeWithoutResult(s -> events.record(
                NewCallbackEvent.signer(id, CallbackEventType.SIGNER_REPLACED, clock.instant(), 2, "Kari " + NINS[1])));

        assertThat(recorded(id))
                .containsExactly(
                        "signer.reminder_due 2 Ole Bramserud",
                        "signer.reminder_due 2 Ole Bramserud",
                        "signer.replaced 2 Kari " + NationalId.MASK);
    }

    // --- deliveries ----------------------------------------------------------------------------------------------

    @Test
    void aLaterEventWaitsUntilTheEarlierOneToTheSameTargetIsDeliveredOrFailed() {
        String id = newContract(1, "https://a.example/hook");
        recordEvents(id, 3);
        dispatchAll("https://b.example/hook");

        ClaimedDelivery firstA = claim();
        ClaimedDelivery firstB = claim();
        assertThat(List.of(firstA.targetUrl(), firstB.targetUrl()))
                .containsExactlyInAnyOrder("https://a.example/hook", "https://b.example/hook");
        assertThat(firstA.type()).isEqualTo(CallbackEventType.CONTRACT_STARTED);
        assertThat(firstB.eventId()).isEqualTo(firstA.eventId());
        assertThat(outbox.claimNext(LEASE))
                .as("both heads are leased; their successors wait")
                .isEmpty();

        // Target a: the first attempt fails, and its retry is not due yet; the next event still waits.
        ClaimedDelivery onA = firstA.targetUrl().startsWith("https://a") ? firstA : firstB;
        ClaimedDelivery onB = onA == firstA ? firstB : firstA;
        assertThat(outbox.attemptFailed(
                        onA, 500, "answered 500", clock.instant().plusSeconds(10)))
                .isTrue();
        assertThat(outbox.delivered(onB, 204)).isTrue();

        ClaimedDelivery secondB = claim();
        assertThat(secondB.targetUrl()).isEqualTo("https://b.example/hook");
        assertThat(secondB.type()).isEqualTo(CallbackEventType.SIGNER_SESSION_OPENED);
        assertThat(outbox.claimNext(LEASE)).isEmpty();

        clock.advance(Duration.ofSeconds(10));
        ClaimedDelivery retryA = claim();
        assertThat(retryA.id()).isEqualTo(onA.id());
        assertThat(retryA.attempt()).isEqualTo(2);
        assertThat(retryA.payload()).isEqualTo(onA.payload());
        // Gives up: failed for good, and the next event to a may go.
        assertThat(outbox.attemptFailed(retryA, null, "connection refused", null))
                .isTrue();
        ClaimedDelivery secondA = claim();
        assertThat(secondA.targetUrl()).isEqualTo("https://a.example/hook");
        assertThat(secondA.type()).isEqualTo(CallbackEventType.SIGNER_SESSION_OPENED);

        List<DeliveryRecord> log = outbox.deliveries(id);
        assertThat(log).hasSize(6);
        DeliveryRecord failedA =
                log.stream().filter(d -> d.id().equals(onA.id())).findFirst().orElseThrow();
        assertThat(failedA.status()).isEqualTo(DeliveryRecord.Status.FAILED);
        assertThat(failedA.attempts())
                .extracting(DeliveryRecord.Attempt::httpStatus, DeliveryRecord.Attempt::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(500, "answered 500"),
                        org.assertj.core.groups.Tuple.tuple(null, "connection refused"));
    }

    @Test
    void anEarlierEventNotYetDispatchedHoldsBackTheLaterOnesDeliveries() {
        String id = newContract(1, "https://a.example/hook");
        recordEvents(id, 2);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        // Dispatch only the later event (as a second sender might, while the first is still dispatching the earlier).
        tx.executeWithoutResult(s -> {
            List<UndispatchedEvent> both = outbox.claimUndispatched(10);
            UndispatchedEvent later = both.get(1);
            outbox.dispatch(
                    later, "{}", List.of(new DeliveryTarget(later.callbackUrl(), CallbackOrigin.CONTRACT)), RETRY_FOR);
        });

        assertThat(outbox.claimNext(LEASE)).isEmpty();
        dispatchAll();
        assertThat(claim().type()).isEqualTo(CallbackEventType.CONTRACT_STARTED);
    }

    @Test
    void aSenderThatDiedMidAttemptIsTakenOverOnceItsLeaseRunsOut() {
        String id = newContract(1, "https://a.example/hook");
        recordEvents(id, 1);
        dispatchAll();

        ClaimedDelivery dead = claim();
        clock.advance(LEASE.minusSeconds(1));
        assertThat(outbox.claimNext(LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        ClaimedDelivery takeover = claim();

        assertThat(takeover.id()).isEqualTo(dead.id());
        assertThat(takeover.eventId()).isEqualTo(dead.eventId());
        assertThat(takeover.attempt()).isEqualTo(2);
        // The dead sender's late outcome is recorded as its attempt but settles nothing.
        assertThat(outbox.delivered(dead, 200)).isFalse();
        assertThat(outbox.deliveries(id).get(0).status()).isEqualTo(DeliveryRecord.Status.PENDING);
        assertThat(outbox.delivered(takeover, 200)).isTrue();
        assertThat(outbox.deliveries(id).get(0).status()).isEqualTo(DeliveryRecord.Status.DELIVERED);
    }

    @Test
    void aFailedDeliveryCanBeSentAgainWithTheSameIdAndBody() {
        String id = newContract(1, "https://a.example/hook");
        recordEvents(id, 1);
        dispatchAll();
        ClaimedDelivery first = claim();
        outbox.attemptFailed(first, 503, "answered 503", null);
        assertThat(outbox.claimNext(LEASE)).isEmpty();

        clock.advance(Duration.ofDays(3));
        DeliveryRecord again = outbox.redeliver(id, first.id(), RETRY_FOR).orElseThrow();

        assertThat(again.status()).isEqualTo(DeliveryRecord.Status.PENDING);
        assertThat(again.giveUpAt()).isEqualTo(clock.instant().plus(RETRY_FOR));
        ClaimedDelivery resent = claim();
        assertThat(resent.eventId()).isEqualTo(first.eventId());
        assertThat(resent.payload()).isEqualTo(first.payload());
        assertThat(resent.attempt()).as("backoff starts afresh").isEqualTo(1);
        assertThat(outbox.deliveries(id).get(0).attempts()).hasSize(2);
        assertThat(outbox.redeliver(newContract(1, null), first.id(), RETRY_FOR))
                .as("another contract's delivery")
                .isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private ClaimedDelivery claim() {
        Optional<ClaimedDelivery> claimed = outbox.claimNext(LEASE);
        assertThat(claimed).as("a delivery is due").isPresent();
        return claimed.get();
    }

    /** contract.started and then signer 1's session opened, n events in all (n ≤ 3). */
    private void recordEvents(String id, int n) {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        List<NewCallbackEvent> all = List.of(
                NewCallbackEvent.contract(id, CallbackEventType.CONTRACT_STARTED, clock.instant(), null),
                NewCallbackEvent.signer(id, CallbackEventType.SIGNER_SESSION_OPENED, clock.instant(), 1, NAMES[0])
                        .withSignatureUrl("https://sign.example/1"),
                NewCallbackEvent.signer(id, CallbackEventType.SIGNER_SIGNED, clock.instant(), 1, NAMES[0]));
        for (NewCallbackEvent event : all.subList(0, n)) {
            tx.executeWithoutResult(s -> events.record(event));
        }
    }

    /** Dispatches every event to its contract's URL and the given subscriptions, with a body naming its type. */
    private void dispatchAll(String... subscriptions) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            for (UndispatchedEvent event : outbox.claimUndispatched(100)) {
                List<DeliveryTarget> targets = new ArrayList<>();
                if (event.callbackUrl() != null) {
                    targets.add(new DeliveryTarget(event.callbackUrl(), CallbackOrigin.CONTRACT));
                }
                for (String url : subscriptions) {
                    targets.add(new DeliveryTarget(url, CallbackOrigin.SUBSCRIPTION));
                }
                outbox.dispatch(event, "{\"type\":\"" + event.type().wireName() + "\"}", targets, RETRY_FOR);
            }
        });
    }

    private String newContract(int signers, String callbackUrl) {
        String id = UUID.randomUUID().toString();
        List<NewSigner> list = new ArrayList<>();
        for (int i = 0; i < signers; i++) {
            list.add(new NewSigner(NAMES[i], NationalId.parse(NINS[i]), null, null, null));
        }
        new TransactionTemplate(transactions)
                .executeWithoutResult(s -> contracts.insert(
                        id,
                        new NewContract(
                                "client-1", "Lease", "ref-" + id, null, list, callbackUrl, ReminderSchedule.NONE),
                        "sha"));
        return id;
    }

    /** The contract's recorded events as "type index name url", in order. */
    private static List<String> recorded(String contractId) {
        return jdbc.sql("""
                select type, signer_index, signer_name, signature_url, reason from callback_event
                 where contract_id = ? order by seq""")
                .param(UUID.fromString(contractId))
                .query((rs, n) -> {
                    StringBuilder line = new StringBuilder(rs.getString("type"));
                    for (String column : List.of("signer_index", "signer_name", "signature_url")) {
                        if (rs.getString(column) != null) {
                            line.append(' ').append(rs.getString(column));
                        }
                    }
                    if (rs.getString("reason") != null) {
                        line.append(" reason=").append(rs.getString("reason"));
                    }
                    return line.toString();
                })
                .list();
    }

    /** The workflow's snapshots of one contract, each a second after the one before. */
    private final class Snapshots {
        final String contractId;
        final List<SignerProgress> signers = new ArrayList<>();
        Instant time = clock.instant();
        long recorded;

        Snapshots(String contractId, int count) {
            this.contractId = contractId;
            for (int i = 1; i <= count; i++) {
                signers.add(SignerProgress.waiting(i));
            }
        }

        Instant tick() {
            time = time.plusSeconds(1);
            return time;
        }

        ContractProgress phase(ContractPhase phase, int current) {
            return snapshot(ContractStatus.ACTIVE, phase, current, null);
        }

        ContractProgress opened(int index) {
            signers.set(
                    index - 1,
                    signers.get(index - 1)
                            .opened("s" + index, "https://sign.example/" + index, tick().plusSeconds(3600)));
            return snapshot(ContractStatus.ACTIVE, ContractPhase.WAITING_FOR_SIGNER, index, null);
        }

        ContractProgress finished(int index, SignerStatus status) {
            signers.set(index - 1, signers.get(index - 1).finished(status, tick()));
            return snapshot(ContractStatus.ACTIVE, ContractPhase.OPENING_SESSION, index, null);
        }

        ContractProgress end(ContractStatus status, String reason) {
            for (int i = 0; i < signers.size(); i++) {
                if (signers.get(i).status() == SignerStatus.WAITING) {
                    signers.set(i, signers.get(i).finished(SignerStatus.SKIPPED, time));
                }
            }
            return snapshot(status, ContractPhase.valueOf(status.name()), 0, reason);
        }

        ContractProgress snapshot(ContractStatus status, ContractPhase phase, int current, String reason) {
            return new ContractProgress(
                    contractId,
                    status,
                    phase,
                    current,
                    signers,
                    DocumentVersionRef.original(contractId),
                    reason,
                    tick(),
                    ++recorded);
        }
    }
}
