package no.signchain.store.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.NewSigner;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.testing.MutableClock;
import no.signchain.store.testing.TestContracts;
import no.signchain.workflows.job.JobSignerState;
import no.signchain.workflows.job.JobState;
import no.signchain.workflows.job.JobStatusChange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Job handles and queue changes on a real PostgreSQL. */
class ProviderJobsTest {

    private static MigratedDatabase database;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @BeforeAll
    static void database() throws IOException {
        database = MigratedDatabase.start();
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
    }

    @Test
    void theFirstStoredJobOfAContractWinsAndRoutesItsChanges() {
        ProviderJobs jobs = new ProviderJobs(database.dataSource(), clock);
        String contract = newContract();

        ProviderJobs.Job first = jobs.store(new ProviderJobs.Job(contract, "posten", "101", "https://p/cancel/101"));
        ProviderJobs.Job second = jobs.store(new ProviderJobs.Job(contract, "posten", "102", "https://p/cancel/102"));

        assertThat(first.jobRef()).isEqualTo("101");
        assertThat(second).isEqualTo(first);
        assertThat(jobs.contractOf("posten", "101")).contains(contract);
        assertThat(jobs.contractOf("posten", "102")).isEmpty();
        assertThat(jobs.contractOf("signicat", "101")).isEmpty();
    }

    @Test
    void aChangeHandedOutTwiceIsRecordedOnceWithPositionsOnly() {
        ProviderJobs jobs = new ProviderJobs(database.dataSource(), clock);
        String contract = newContract();
        jobs.store(new ProviderJobs.Job(contract, "posten", "201", null));
        JobStatusChange change = new JobStatusChange(
                "posten-201-1",
                "201",
                JobState.IN_PROGRESS,
                List.of(
                        new JobStatusChange.Position(1, JobSignerState.SIGNED, clock.instant()),
                        new JobStatusChange.Position(2, JobSignerState.WAITING, null)));

        assertThat(jobs.recordChange("posten", contract, change)).isTrue();
        assertThat(jobs.recordChange("posten", contract, change)).isFalse();
        assertThat(jobs.counts(contract)).isEqualTo(new ProviderJobs.Counts(1, 0));
        jobs.confirmed("posten-201-1");
        assertThat(jobs.counts(contract)).isEqualTo(new ProviderJobs.Counts(1, 1));
        String stored = JdbcClient.create(database.dataSource())
                .sql("select signers::text from provider_job_change where change_id = ?")
                .param("posten-201-1")
                .query(String.class)
                .single();
        assertThat(stored)
                .contains("\"position\": 1", "\"state\": \"SIGNED\"", "\"at\": null")
                .doesNotContainPattern("[0-9]{11}");
    }

    @Test
    void oneProcessAtATimePollsAQueueAndNoneBeforeThePermittedTime() {
        ProviderJobs processA = new ProviderJobs(database.dataSource(), clock);
        ProviderJobs processB = new ProviderJobs(database.dataSource(), clock);
        String queue = "queue-" + UUID.randomUUID();

        assertThat(processA.claimPoll("posten", queue, Duration.ofMinutes(2))).isPresent();
        assertThat(processB.claimPoll("posten", queue, Duration.ofMinutes(2))).isEmpty();
        processA.nextPollAt("posten", queue, clock.instant().plusSeconds(60));
        assertThat(processB.claimPoll("posten", queue, Duration.ofMinutes(2))).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(processB.claimPoll("posten", queue, Duration.ofMinutes(2))).isPresent();
        // B dies while polling: its claim runs out, and A takes the turn.
        clock.advance(Duration.ofSeconds(119));
        assertThat(processA.claimPoll("posten", queue, Duration.ofMinutes(2))).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(processA.claimPoll("posten", queue, Duration.ofMinutes(2))).isPresent();
        assertThat(processA.claimPoll("posten", "another-queue-" + queue, Duration.ofMinutes(2)))
                .isPresent();
    }

    @Test
    void aRenewedTurnStaysWithItsProcessAndOneThatRanOutIsNotTakenBack() {
        ProviderJobs processA = new ProviderJobs(database.dataSource(), clock);
        ProviderJobs processB = new ProviderJobs(database.dataSource(), clock);
        String queue = "queue-" + UUID.randomUUID();
        Duration lease = Duration.ofSeconds(15);

        Instant heldByA = processA.claimPoll("posten", queue, lease).orElseThrow();
        // A polls for longer than one lease, renewing as it goes: B does not get the turn.
        clock.advance(Duration.ofSeconds(10));
        heldByA = processA.renewPoll("posten", queue, heldByA, lease).orElseThrow();
        clock.advance(Duration.ofSeconds(10));
        assertThat(processB.claimPoll("posten", queue, lease)).isEmpty();
        // A stops renewing (it died, or stalled): the lease runs out and B takes the turn.
        clock.advance(Duration.ofSeconds(6));
        Instant heldByB = processB.claimPoll("posten", queue, lease).orElseThrow();
        // A comes back: its renewal finds the turn taken and leaves B's lease as it was.
        assertThat(processA.renewPoll("posten", queue, heldByA, lease)).isEmpty();
        assertThat(processA.claimPoll("posten", queue, lease)).isEmpty();
        clock.advance(Duration.ofSeconds(14));
        assertThat(processA.claimPoll("posten", queue, lease)).isEmpty();
        assertThat(processB.renewPoll("posten", queue, heldByB, lease)).isPresent();
    }

    @Test
    void theSignedDocumentsAddressIsKeptWithTheJob() {
        ProviderJobs jobs = new ProviderJobs(database.dataSource(), clock);
        String contract = newContract();
        jobs.store(new ProviderJobs.Job(contract, "posten", "301", "https://p/cancel/301"));

        jobs.noteSignedDocument(contract, "https://p/301/pades");

        assertThat(jobs.job(contract).orElseThrow().signedDocumentUrl()).isEqualTo("https://p/301/pades");
    }

    private String newContract() {
        return TestContracts.insert(
                database,
                TestContracts.repository(database, clock),
                new NewSigner("Ole Bramserud", NationalId.parse("11920287974"), null, null, null),
                new NewSigner("Kari Nordmann", NationalId.parse("11920287974"), null, null, null));
    }
}
