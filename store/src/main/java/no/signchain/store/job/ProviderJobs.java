package no.signchain.store.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.workflows.job.JobStatusChange;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The jobs of providers that order signers themselves (one per contract), and every status change their queues handed
 * out. See {@code V14__provider_jobs.sql}: the handle is stored as soon as the provider answers the create, because the
 * create cannot be repeated safely; a change is recorded once by its id however often the queue hands it out.
 */
public class ProviderJobs {

    private final JdbcClient jdbc;
    private final Clock clock;

    public ProviderJobs(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /**
     * A stored job handle. No personal data.
     *
     * @param signedDocumentUrl where the signed document is, once a completed status change said so; null before
     */
    public record Job(
            String contractId, String provider, String jobRef, String cancellationUrl, String signedDocumentUrl) {

        public Job(String contractId, String provider, String jobRef, String cancellationUrl) {
            this(contractId, provider, jobRef, cancellationUrl, null);
        }
    }

    /**
     * Stores the contract's job, unless one is stored already; the stored one either way (an earlier attempt's job
     * wins, so a contract never has two).
     */
    public Job store(Job job) {
        jdbc.sql("""
                insert into provider_job (contract_id, provider, job_ref, cancellation_url, created_at)
                values (?, ?, ?, ?, ?)
                on conflict (contract_id) do nothing""")
                .params(
                        UUID.fromString(job.contractId()),
                        job.provider(),
                        job.jobRef(),
                        job.cancellationUrl(),
                        Sql.ts(clock.instant()))
                .update();
        return job(job.contractId()).orElseThrow();
    }

    /** The contract's job, if one was created. */
    public Optional<Job> job(String contractId) {
        return jdbc.sql("select provider, job_ref, cancellation_url, signed_document_url"
                        + " from provider_job where contract_id = ?")
                .param(UUID.fromString(contractId))
                .query((rs, n) -> new Job(
                        contractId,
                        rs.getString("provider"),
                        rs.getString("job_ref"),
                        rs.getString("cancellation_url"),
                        rs.getString("signed_document_url")))
                .optional();
    }

    /** Notes where the job's signed document is, as its completed status change said. */
    public void noteSignedDocument(String contractId, String url) {
        jdbc.sql("update provider_job set signed_document_url = ? where contract_id = ?")
                .params(url, UUID.fromString(contractId))
                .update();
    }

    /** The contract a provider's job belongs to: where its status changes are routed. */
    public Optional<String> contractOf(String provider, String jobRef) {
        return jdbc.sql("select contract_id from provider_job where provider = ? and job_ref = ?")
                .params(provider, jobRef)
                .query((rs, n) -> rs.getString("contract_id"))
                .optional();
    }

    /**
     * Records a status change of a contract's job. Idempotent: a change handed out again (not confirmed before a
     * restart) is recorded once.
     *
     * @return true when this call recorded it
     */
    public boolean recordChange(String provider, String contractId, JobStatusChange change) {
        return jdbc.sql("""
                insert into provider_job_change
                       (change_id, provider, contract_id, job_ref, job_state, signers, recorded_at)
                values (?, ?, ?, ?, ?, cast(? as jsonb), ?)
                on conflict (change_id) do nothing""")
                        .params(
                                change.changeId(),
                                provider,
                                UUID.fromString(contractId),
                                change.jobRef(),
                                change.state().name(),
                                signersJson(change),
                                Sql.ts(clock.instant()))
                        .update()
                == 1;
    }

    /**
     * Notes that the provider is being told the change is recorded (it will not hand it out again). Noted as the
     * confirmation goes out: one the provider did not take brings the change back, and it is confirmed again.
     */
    public void confirmed(String changeId) {
        jdbc.sql("update provider_job_change set confirmed_at = ? where change_id = ? and confirmed_at is null")
                .params(Sql.ts(clock.instant()), changeId)
                .update();
    }

    /** How many changes of the contract's job are recorded, and how many of them confirmed. */
    public Counts counts(String contractId) {
        return jdbc.sql("select count(*), count(confirmed_at) from provider_job_change where contract_id = ?")
                .param(UUID.fromString(contractId))
                .query((rs, n) -> new Counts(rs.getInt(1), rs.getInt(2)))
                .single();
    }

    public record Counts(int recorded, int confirmed) {}

    /**
     * Claims the next poll of a provider's status queue for this process, when its permitted time has come and no
     * other process holds it. The claim lasts {@code lease}, kept by {@link #renewPoll} while the poll goes on: a
     * process that dies while polling gives the turn up when the lease runs out. Give the turn back with
     * {@link #nextPollAt} once the poll is answered.
     *
     * @return until when this process holds the turn; empty when it may not poll now
     */
    public Optional<Instant> claimPoll(String provider, String queue, Duration lease) {
        Instant now = clock.instant();
        jdbc.sql("insert into provider_queue (provider, queue, next_poll_at) values (?, ?, ?) on conflict do nothing")
                .params(provider, queue, Sql.ts(now))
                .update();
        return leaseTurn(provider, queue, "next_poll_at <= ?", now, leaseEnd(now, lease));
    }

    /**
     * Keeps a claimed turn for another {@code lease}, if this process still holds it: the lease it was given is still
     * the one stored (a turn that ran out and was taken by another process is not taken back).
     *
     * @return until when this process now holds the turn; empty when it no longer holds it
     */
    public Optional<Instant> renewPoll(String provider, String queue, Instant heldUntil, Duration lease) {
        return leaseTurn(provider, queue, "next_poll_at = ?", heldUntil, leaseEnd(clock.instant(), lease));
    }

    /** Moves the turn to {@code until} where its time meets {@code condition} (a comparison with {@code at}). */
    private Optional<Instant> leaseTurn(String provider, String queue, String condition, Instant at, Instant until) {
        int leased = jdbc.sql(
                        "update provider_queue set next_poll_at = ? where provider = ? and queue = ? and " + condition)
                .params(Sql.ts(until), provider, queue, Sql.ts(at))
                .update();
        return leased == 1 ? Optional.of(until) : Optional.empty();
    }

    /** Microseconds, as PostgreSQL keeps them: a renewal finds the lease by its exact value. */
    private static Instant leaseEnd(Instant now, Duration lease) {
        return now.plus(lease).truncatedTo(ChronoUnit.MICROS);
    }

    /** When the queue may be polled next: the time the provider permits, which every process waits for. */
    public void nextPollAt(String provider, String queue, Instant at) {
        jdbc.sql("update provider_queue set next_poll_at = ? where provider = ? and queue = ?")
                .params(Sql.ts(at), provider, queue)
                .update();
    }

    /** Positions, states and times only: numbers, enum names and ISO instants, nothing that needs escaping. */
    private static String signersJson(JobStatusChange change) {
        return change.signers().stream()
                .map(p -> "{\"position\":" + p.position() + ",\"state\":\""
                        + p.state().name() + "\",\"at\":" + (p.at() == null ? "null" : "\"" + p.at() + "\"") + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
