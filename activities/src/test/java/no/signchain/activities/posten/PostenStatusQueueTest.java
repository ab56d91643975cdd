package no.signchain.activities.posten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.NewSigner;
import no.signchain.store.job.ProviderJobs;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.testing.MutableClock;
import no.signchain.store.testing.TestContracts;
import no.signchain.workflows.job.JobSignerState;
import no.signchain.workflows.job.JobState;
import no.signchain.workflows.job.JobStatusChange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sender's status queue taken by {@link PostenStatusQueue}: Posten's official client against the fake Posten
 * service over two-way TLS, signchain's job and change records on a real PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostenStatusQueueTest {

    private static final NationalId AKSEL = NationalId.parse("06046517928");
    private static final NationalId OLE = NationalId.parse("11920287974");

    private FakePosten posten;
    private MigratedDatabase database;
    private final MutableClock clock = new MutableClock(Instant.now());
    private ContractRepository contracts;
    private ProviderJobs jobs;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        posten = FakePosten.start(dir);
        database = MigratedDatabase.start();
        contracts = TestContracts.repository(database, clock);
        jobs = new ProviderJobs(database.dataSource(), clock);
    }

    @AfterAll
    void stop() throws Exception {
        posten.close();
        database.close();
    }

    @Test
    void aChangeWhoseConfirmationALostRestartPreventedComesBackAndIsRecordedAndSignalledUnderTheSameId(
            @TempDir Path dir) throws Exception {
        String sender = posten.nextSender();
        PostenPortalJobs beforeRestart = client(sender);
        String contract = newContract();
        PostenJobHandle job = createJob(beforeRestart, contract, dir);
        assertThat(posten.decide(job, 1, "sign")).isEqualTo(200);

        // The process dies after recording the change and before confirming it: here, its signal fails.
        List<JobStatusChange> signalledBefore = new ArrayList<>();
        PostenStatusQueue dying = queue(beforeRestart, sender, (id, change) -> {
            signalledBefore.add(change);
            throw new IllegalStateException("the process died");
        });
        assertThatThrownBy(dying::pollOnce).hasMessageContaining("the process died");
        assertThat(jobs.counts(contract)).isEqualTo(new ProviderJobs.Counts(1, 0));

        // A new process: a new client, which never saw the change. The change comes back from the queue.
        clock.advance(Duration.ofMinutes(1));
        List<JobStatusChange> signalledAfter = new ArrayList<>();
        PostenStatusQueue restarted = queue(client(sender), sender, (id, change) -> {
            assertThat(id).isEqualTo(contract);
            signalledAfter.add(change);
            return true;
        });
        assertThat(restarted.pollOnce()).isTrue();

        assertThat(signalledAfter).hasSize(1);
        JobStatusChange change = signalledAfter.get(0);
        assertThat(change.changeId()).isEqualTo(signalledBefore.get(0).changeId());
        assertThat(change.jobRef()).isEqualTo(Long.toString(job.jobId()));
        assertThat(change.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(change.signers())
                .extracting(JobStatusChange.Position::position, JobStatusChange.Position::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, JobSignerState.SIGNED),
                        org.assertj.core.groups.Tuple.tuple(2, JobSignerState.WAITING));
        assertThat(jobs.counts(contract)).isEqualTo(new ProviderJobs.Counts(1, 1));
        // Confirmed: it does not come back.
        clock.advance(Duration.ofMinutes(1));
        assertThat(restarted.pollOnce()).isFalse();
        assertThat(signalledAfter).hasSize(1);
    }

    @Test
    void aProcessKilledJustAfterPostenTookTheConfirmationLeavesTheChangeConfirmedOnBothSides(@TempDir Path dir)
            throws Exception {
        ChangeWaiting waiting = signerOneSigned(dir);
        String sender = waiting.sender();
        String contract = waiting.contract();
        PostenPortalJobs killedAfterConfirming = clientConfirming(sender, confirm -> {
            confirm.getAsBoolean();
            throw new IllegalStateException("the process died");
        });

        assertThatThrownBy(queue(killedAfterConfirming, sender, (id, change) -> true)::pollOnce)
                .hasMessageContaining("the process died");

        assertThat(jobs.counts(contract)).isEqualTo(new ProviderJobs.Counts(1, 1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(queue(client(sender), sender, (id, change) -> true).pollOnce())
                .as("Posten took the confirmation: the change does not come back")
                .isFalse();
    }

    @Test
    void aConfirmationPostenDidNotTakeBringsTheChangeBackAndItIsConfirmedThen(@TempDir Path dir) throws Exception {
        ChangeWaiting waiting = signerOneSigned(dir);
        String sender = waiting.sender();
        String contract = waiting.contract();
        PostenPortalJobs confirmationLost = clientConfirming(sender, confirm -> {
            throw new IllegalStateException("the confirmation never reached Posten");
        });
        assertThatThrownBy(queue(confirmationLost, sender, (id, change) -> true)::pollOnce)
                .hasMessageContaining("never reached Posten");

        clock.advance(Duration.ofMinutes(1));
        List<JobStatusChange> signalled = new ArrayList<>();
        PostenStatusQueue restarted = queue(client(sender), sender, (id, change) -> signalled.add(change));
        assertThat(restarted.pollOnce())
                .as("the change came back and was confirmed")
                .isTrue();

        assertThat(signalled).hasSize(1);
        assertThat(jobs.counts(contract)).isEqualTo(new ProviderJobs.Counts(1, 1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(restarted.pollOnce()).isFalse();
    }

    @Test
    void aPollLongerThanItsTurnKeepsTheTurnAndGivesItBackWhenDone(@TempDir Path dir) throws Exception {
        ChangeWaiting waiting = signerOneSigned(dir);
        String queue = waiting.sender() + "/default";
        ProviderJobs anotherProcess = new ProviderJobs(database.dataSource(), clock);
        List<Boolean> anotherProcessMayPoll = new ArrayList<>();
        // Posten is slow to take the confirmation: twice the turn's 15 s pass (by the clock every process reads), and
        // the poll's renewal (every 5 s) gets its chance to run meanwhile: waited for, up to 30 s, rather than slept
        // past, so that a slow machine does not fail the test. With no renewal the wait runs out and the claim below
        // takes the lapsed turn.
        PostenPortalJobs slowPosten = clientConfirming(waiting.sender(), confirm -> {
            clock.advance(Duration.ofSeconds(30));
            awaitTurnHeldPast(queue, clock.instant(), Duration.ofSeconds(30));
            anotherProcessMayPoll.add(anotherProcess
                    .claimPoll("posten", queue, Duration.ofSeconds(15))
                    .isPresent());
            return confirm.getAsBoolean();
        });

        assertThat(queue(slowPosten, waiting.sender(), (id, change) -> true).pollOnce())
                .isTrue();

        assertThat(anotherProcessMayPoll).as("while the poll went on").containsExactly(false);
        assertThat(anotherProcess.claimPoll("posten", queue, Duration.ofSeconds(15)))
                .as("once it was answered: the turn given back at the time Posten permits")
                .isPresent();
        assertThat(jobs.counts(waiting.contract())).isEqualTo(new ProviderJobs.Counts(1, 1));
    }

    /** Until the queue's turn is held past {@code instant} (a renewal ran), or {@code patience} has passed. */
    private void awaitTurnHeldPast(String queue, Instant instant, Duration patience) {
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            Instant heldUntil = jdbc.sql(
                            "select next_poll_at from provider_queue where provider = 'posten' and queue = ?")
                    .param(queue)
                    .query(OffsetDateTime.class)
                    .single()
                    .toInstant();
            if (heldUntil.isAfter(instant)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aCompletedJobsSignedDocumentIsNotedBeforeTheWorkflowHearsOfIt(@TempDir Path dir) throws Exception {
        String sender = posten.nextSender();
        PostenPortalJobs client = client(sender);
        String contract = newContract();
        PostenJobHandle job = createJob(client, contract, dir);
        assertThat(posten.decide(job, 1, "sign")).isEqualTo(200);
        assertThat(posten.decide(job, 2, "sign")).isEqualTo(200);
        List<JobState> states = new ArrayList<>();
        PostenStatusQueue queue = queue(client, sender, (id, change) -> {
            states.add(change.state());
            if (change.state() == JobState.COMPLETED) {
                assertThat(jobs.job(contract).orElseThrow().signedDocumentUrl()).isNotNull();
            }
            return true;
        });

        while (queue.pollOnce()) {
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(states).containsExactly(JobState.IN_PROGRESS, JobState.COMPLETED);
        assertThat(jobs.counts(contract)).isEqualTo(new ProviderJobs.Counts(2, 2));
    }

    @Test
    void aChangeOfAJobNoContractKeepsIsLeftUnconfirmedForWhoeverKeepsIt(@TempDir Path dir) throws Exception {
        String sender = posten.nextSender();
        PostenPortalJobs client = client(sender);
        PostenJobHandle job = client.create(
                new PostenJobOrder(
                        // A bare UUID, as signchain's own ids are: with a prefix, about one in 130 has eleven digits
                        // in a row that PostenJobOrder then refuses as a possible national identity number.
                        UUID.randomUUID().toString(),
                        "Lease",
                        null,
                        "Lease",
                        List.of(AKSEL),
                        Instant.now().plus(Duration.ofDays(1))),
                Files.write(dir.resolve("other.pdf"), TestPdfs.contract("Lease")));
        assertThat(posten.decide(job, 1, "sign")).isEqualTo(200);
        List<JobStatusChange> signalled = new ArrayList<>();

        assertThat(queue(client, sender, (id, change) -> signalled.add(change)).pollOnce())
                .isFalse();

        assertThat(signalled).isEmpty();
        // Still there for its owner: another client of the sender gets it.
        assertThat(FakePosten.drain(client(sender))).hasSize(1);
    }

    @Test
    void aSecondJobForAContractLeftByALostCreateIsCancelledWhenItsFirstChangeComes(@TempDir Path dir) throws Exception {
        String sender = posten.nextSender();
        PostenPortalJobs client = client(sender);
        String contract = newContract();
        // The first create's answer was lost: Posten made the job, signchain never stored it, and the retry made
        // the job signchain keeps.
        PostenJobHandle lost = client.create(
                new PostenJobOrder(
                        contract,
                        "Lease",
                        null,
                        "Lease",
                        List.of(AKSEL, OLE),
                        Instant.now().plus(Duration.ofDays(1))),
                Files.write(dir.resolve("lost.pdf"), TestPdfs.contract("Lease")));
        PostenJobHandle kept = createJob(client, contract, dir);
        assertThat(posten.decide(lost, 1, "sign")).isEqualTo(200);
        List<JobStatusChange> signalled = new ArrayList<>();

        assertThat(queue(client, sender, (id, change) -> signalled.add(change)).pollOnce())
                .isTrue();

        assertThat(signalled).isEmpty();
        assertThat(posten.page(lost, 2)).as("the duplicate's signer 2").isEqualTo(409);
        assertThat(posten.page(kept, 1)).as("the kept job's signer 1").isEqualTo(200);
        assertThat(jobs.counts(contract)).isEqualTo(new ProviderJobs.Counts(0, 0));
        // Its cancellation is the job's next change, and it is not the kept job's either: confirmed, not signalled.
        clock.advance(Duration.ofMinutes(1));
        queue(client, sender, (id, change) -> signalled.add(change)).pollOnce();
        assertThat(signalled).isEmpty();
    }

    private PostenStatusQueue queue(
            PostenPortalJobs client, String sender, PostenStatusQueue.JobStatusSignals signals) {
        return new PostenStatusQueue(client, jobs, contracts, signals, sender + "/default", clock);
    }

    private PostenPortalJobs client(String sender) {
        return posten.jobs(posten.api().pki(), sender, posten.api().apiRoot());
    }

    /** A contract's job at a sender of its own, with signer 1 signed: one change waits in the sender's queue. */
    private record ChangeWaiting(String sender, String contract) {}

    private ChangeWaiting signerOneSigned(Path dir) throws Exception {
        String sender = posten.nextSender();
        String contract = newContract();
        PostenJobHandle job = createJob(client(sender), contract, dir);
        assertThat(posten.decide(job, 1, "sign")).isEqualTo(200);
        return new ChangeWaiting(sender, contract);
    }

    /** A client of {@code sender} whose confirmations go through {@code confirming}, given the real confirmation. */
    private PostenPortalJobs clientConfirming(String sender, Function<BooleanSupplier, Boolean> confirming) {
        return new PostenPortalJobs(
                posten.settings(posten.api().pki(), sender, posten.api().apiRoot())) {
            @Override
            public boolean confirm(PostenStatusChange change) {
                return confirming.apply(() -> super.confirm(change));
            }
        };
    }

    private PostenJobHandle createJob(PostenPortalJobs client, String contract, Path dir) throws Exception {
        PostenJobHandle job = client.create(
                new PostenJobOrder(
                        contract,
                        "Lease",
                        null,
                        "Lease",
                        List.of(AKSEL, OLE),
                        Instant.now().plus(Duration.ofDays(1))),
                Files.write(dir.resolve("lease.pdf"), TestPdfs.contract("Lease")));
        jobs.store(new ProviderJobs.Job(
                contract,
                PostenJobActivities.PROVIDER,
                Long.toString(job.jobId()),
                job.cancellationUrl().toString()));
        return job;
    }

    private String newContract() {
        return TestContracts.insert(
                database,
                contracts,
                new NewSigner("Aksel Herseth", AKSEL, null, null, null),
                new NewSigner("Ole Bramserud", OLE, null, null, null));
    }
}
