package no.signchain.activities.posten;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.job.ProviderJobs;
import no.signchain.workflows.job.JobSignerState;
import no.signchain.workflows.job.JobState;
import no.signchain.workflows.job.JobStatusChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sender's status queue at Posten signering, taken one change at a time: each change is recorded, routed to its
 * contract's workflow by job id, and only then confirmed. A change that comes back (its confirmation was lost to a
 * restart) is recorded once and signalled again; the workflow applies a change id once.
 *
 * <p>One poll at a time per queue across every worker process ({@link ProviderJobs#claimPoll}), never before the time
 * Posten permits.
 */
public class PostenStatusQueue {

    private static final Logger log = LoggerFactory.getLogger(PostenStatusQueue.class);
    /**
     * How long a claimed turn lasts unless renewed: a process that dies holding it stops the queue's polling this long.
     * Not the length of a poll: a process still polling renews it ({@link #RENEW_EVERY}), however slow Posten is.
     */
    private static final Duration TURN = Duration.ofSeconds(15);
    /** Well inside {@link #TURN}, so that a renewal a little late still finds the turn held. */
    private static final Duration RENEW_EVERY = Duration.ofSeconds(5);

    /** Delivers a job's status change to its contract's workflow. */
    public interface JobStatusSignals {
        /** Signals the change; false when the contract's workflow has ended (nothing waits for it). */
        boolean signal(String contractId, JobStatusChange change);
    }

    private final PostenPortalJobs posten;
    private final ProviderJobs jobs;
    private final ContractRepository contracts;
    private final JobStatusSignals signals;
    private final String queue;
    private final Clock clock;

    public PostenStatusQueue(
            PostenPortalJobs posten,
            ProviderJobs jobs,
            ContractRepository contracts,
            JobStatusSignals signals,
            String queue,
            Clock clock) {
        this.posten = posten;
        this.jobs = jobs;
        this.contracts = contracts;
        this.signals = signals;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Polls the queue if it is this process's turn, and takes the change it hands out.
     *
     * @return whether a change was taken and confirmed (more may wait: poll again at once)
     */
    public boolean pollOnce() {
        Optional<Instant> turn = jobs.claimPoll(PostenJobActivities.PROVIDER, queue, TURN);
        if (turn.isEmpty()) {
            return false;
        }
        CountDownLatch polled = new CountDownLatch(1);
        Thread renewal = Thread.ofVirtual().name("signchain-posten-turn").start(() -> keepTurn(turn.get(), polled));
        Instant next = clock.instant().plusSeconds(30); // a failed poll: try again after a while
        try {
            PostenPoll poll = posten.poll();
            next = poll.nextPermittedPollTime() != null ? poll.nextPermittedPollTime() : clock.instant();
            if (poll.change().isEmpty()) {
                return false;
            }
            return take(poll.change().get());
        } catch (SigningProviderException e) {
            if (e.retryAfter().isPresent()) {
                next = clock.instant().plus(e.retryAfter().get());
            }
            throw e;
        } finally {
            polled.countDown();
            awaitQuietly(renewal);
            jobs.nextPollAt(PostenJobActivities.PROVIDER, queue, next);
        }
    }

    /**
     * Renews the turn until the poll is done. Told by a latch, not an interrupt: an interrupted virtual thread closes
     * the socket it is blocked on, which here would be a pooled database connection.
     */
    private void keepTurn(Instant heldUntil, CountDownLatch polled) {
        Instant held = heldUntil;
        try {
            while (!polled.await(RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                Optional<Instant> renewed = jobs.renewPoll(PostenJobActivities.PROVIDER, queue, held, TURN);
                if (renewed.isEmpty()) {
                    // Harmless beyond the extra poll: a change is recorded and applied once by its id.
                    log.warn("Posten status queue: this process's poll turn ran out while it polled; another may poll");
                    return;
                }
                held = renewed.get();
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Posten status queue: the poll turn could not be renewed: {}", e.getMessage());
        }
    }

    /** A stopping worker interrupts the poll; the renewal ends on the latch anyway, within a database round trip. */
    private static void awaitQuietly(Thread renewal) {
        try {
            renewal.join();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records, signals, confirms. A failure before Posten took the confirmation leaves the change to come back.
     *
     * @return whether it was confirmed
     */
    boolean take(PostenStatusChange polled) {
        String jobRef = Long.toString(polled.jobId());
        Optional<String> contract = jobs.contractOf(PostenJobActivities.PROVIDER, jobRef);
        if (contract.isEmpty()) {
            return duplicateCancelled(polled, jobRef);
        }
        String contractId = contract.get();
        JobStatusChange change =
                new JobStatusChange(changeId(polled), jobRef, state(polled), positions(contractId, polled));
        boolean recorded = jobs.recordChange(PostenJobActivities.PROVIDER, contractId, change);
        if (polled.status() == PostenStatusChange.JobStatus.COMPLETED && polled.padesUrl() != null) {
            jobs.noteSignedDocument(contractId, polled.padesUrl().toString());
        }
        boolean delivered = signals.signal(contractId, change);
        // Noted before Posten is told, not after: a process killed after Posten took the confirmation would leave the
        // row unconfirmed for good (Posten never hands the change out again), while a confirmation Posten did not
        // take brings the change back, and it is confirmed then.
        jobs.confirmed(change.changeId());
        if (!posten.confirm(polled)) {
            throw new IllegalStateException("a change this process polled could not be confirmed");
        }
        log.info(
                "Contract {}: Posten job {} {}{}{}",
                contractId,
                jobRef,
                change.state(),
                recorded ? "" : " (handed out again; recorded before)",
                delivered ? "" : " (the contract had ended)");
        return true;
    }

    /**
     * A job signchain does not keep. Its reference names one of signchain's contracts, which kept another job: it is
     * that contract's duplicate, left by a create whose answer was lost (Posten's create is not idempotent and cannot
     * be searched by reference), and it is cancelled and its change confirmed, so its signers are not asked to sign
     * twice. Any other job (another system on the same sender and queue, or a contract whose handle is not stored
     * yet) is left unconfirmed: confirming would take the change from whoever keeps it, and an unconfirmed change
     * comes back.
     *
     * @return whether the change was confirmed
     */
    private boolean duplicateCancelled(PostenStatusChange polled, String jobRef) {
        Optional<ProviderJobs.Job> kept = contractIdIn(polled.contractId()).flatMap(jobs::job);
        if (kept.isEmpty() || kept.get().jobRef().equals(jobRef)) {
            log.warn(
                    "Posten status change of job {} (reference {}) belongs to no contract here; left unconfirmed",
                    jobRef,
                    polled.contractId());
            return false;
        }
        boolean cancellable = polled.cancellationUrl() != null;
        if (cancellable) {
            posten.cancel(new PostenJobHandle(polled.jobId(), polled.contractId(), polled.cancellationUrl()));
        }
        if (!posten.confirm(polled)) {
            throw new IllegalStateException("a change this process polled could not be confirmed");
        }
        log.warn(
                "Contract {}: Posten job {} is a duplicate of its job {} (a create whose answer was lost); {}",
                polled.contractId(),
                jobRef,
                kept.get().jobRef(),
                cancellable
                        ? "cancelled"
                        : "not cancelled: Posten offers no cancellation (job " + polled.status() + ")");
        return true;
    }

    /** The reference as a contract id, when it is one (signchain's references are; another system's need not be). */
    private static Optional<String> contractIdIn(String reference) {
        try {
            return reference == null
                    ? Optional.empty()
                    : Optional.of(UUID.fromString(reference).toString());
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /**
     * A change's id, the same each time Posten hands the same change out: the job, its status and every signer's
     * status and time. Posten gives changes no id of their own.
     */
    static String changeId(PostenStatusChange change) {
        StringBuilder text =
                new StringBuilder().append(change.jobId()).append('|').append(change.status());
        for (PostenStatusChange.SignerStatus signer : change.signers()) {
            text.append('|').append(signer.state()).append('@').append(signer.since());
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "posten-" + change.jobId() + "-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JobState state(PostenStatusChange change) {
        return switch (change.status()) {
            case IN_PROGRESS -> JobState.IN_PROGRESS;
            case COMPLETED -> JobState.COMPLETED;
            case FAILED -> JobState.FAILED;
        };
    }

    /**
     * Signers by position in the contract, never by number: each national identity number is looked up among the
     * contract's signers (a person who signs twice takes their positions in turn).
     */
    private List<JobStatusChange.Position> positions(String contractId, PostenStatusChange change) {
        List<JobStatusChange.Position> positions = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (PostenStatusChange.SignerStatus signer : change.signers()) {
            if (signer.nationalId() == null) {
                continue;
            }
            contracts.signerIndexesOf(contractId, signer.nationalId()).stream()
                    .filter(taken::add)
                    .findFirst()
                    .ifPresent(index -> positions.add(
                            new JobStatusChange.Position(index, signerState(signer.state()), signer.since())));
        }
        return positions;
    }

    private static JobSignerState signerState(PostenStatusChange.SignerState state) {
        return switch (state) {
            case WAITING -> JobSignerState.WAITING;
            case SIGNED -> JobSignerState.SIGNED;
            case REJECTED -> JobSignerState.REJECTED;
            case CANCELLED -> JobSignerState.CANCELLED;
            case EXPIRED -> JobSignerState.EXPIRED;
            case NOT_APPLICABLE -> JobSignerState.NOT_APPLICABLE;
            case UNREACHABLE -> JobSignerState.UNREACHABLE;
        };
    }
}
