package no.signchain.simulator.posten;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.control.KnobStore;
import no.signchain.simulator.control.Knobs;
import no.signchain.simulator.identity.TestUsers;
import no.signchain.simulator.pades.PadesSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The fake Posten service's portal jobs and their status queue, in memory.
 *
 * <p>Every change of a job (a signer signed or rejected, the job completed, failed, expired or was cancelled) goes
 * into the queue of the job's sender and polling queue, as a snapshot of the job at that moment. A poll hands out the
 * oldest change not confirmed and not already out; a change handed out and not confirmed within
 * {@code redeliverAfter} is handed out again. Polling before {@code X-Next-permitted-poll-time} is refused (429).
 *
 * <p>Signing goes through the simulator's signing core: each signer's PAdES signature is added to the job's PDF in
 * signer order (incremental updates, so earlier signatures stay valid), and a detached XAdES signature of the
 * document is kept per signer.
 *
 * <p>The simulator's {@code autoSignAfter} and {@code autoRejectNins} knobs apply as a person would act: when a
 * signer's turn comes (read then), they sign (or reject) that long after, once; a job that ended meanwhile is left.
 */
@Component
@InSimulatorContext
@ConditionalOnProperty(name = "signchain.simulator.posten.enabled", havingValue = "true")
public class PostenJobs {

    private static final Logger log = LoggerFactory.getLogger(PostenJobs.class);

    /** A signer in a status change: where they stand at that moment. */
    record SignerSnapshot(int number, String nin, PostenJob.SignerStatus status, Instant since) {}

    /** One queued status change: the job as it was when it changed. */
    record StatusChange(
            long sequence,
            long jobId,
            String reference,
            PostenJob.Status status,
            List<SignerSnapshot> signers,
            boolean documentsAvailable) {}

    /** What a poll answers: a change or none, and when the next poll is allowed. */
    record Poll(Optional<StatusChange> change, Instant nextPermittedPollTime) {}

    /** The poll came before {@code X-Next-permitted-poll-time}. */
    static final class TooEagerPolling extends RuntimeException {
        TooEagerPolling() {
            super("polled before the permitted time", null, false, false);
        }
    }

    private static final class Queued {
        final StatusChange change;
        final String queue;
        Instant hiddenUntil;
        boolean confirmed;

        Queued(StatusChange change, String queue) {
            this.change = change;
            this.queue = queue;
        }
    }

    private final Map<Long, PostenJob> jobs = new HashMap<>();
    private final List<Queued> queue = new ArrayList<>();
    private final Map<String, Instant> nextPoll = new HashMap<>();
    private final AtomicInteger failNextApiCalls = new AtomicInteger();
    private final AtomicInteger loseNextCreateAnswers = new AtomicInteger();
    private volatile Duration pollInterval;
    private final PadesSigner pades;
    private final PostenXadesSigner xades;
    private final TestUsers users;
    private final Clock clock;
    private final PostenSimulatorProperties properties;
    private final KnobStore knobs;
    private final ScheduledExecutorService scheduler;
    /**
     * Posten's job ids are one sequence for every sender, so a job id names one job anywhere. Each fake starts its own
     * sequence at a random point, so that fakes sharing a database of jobs (a test suite's) never hand out the same id.
     */
    private long nextJobId =
            1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000L);

    private long nextSequence = 1;

    public PostenJobs(
            PadesSigner pades,
            PostenXadesSigner xades,
            TestUsers users,
            Clock simulatorClock,
            PostenSimulatorProperties properties,
            KnobStore knobs,
            ScheduledExecutorService simulatorScheduler) {
        this.knobs = knobs;
        this.scheduler = simulatorScheduler;
        this.pades = pades;
        this.xades = xades;
        this.users = users;
        this.clock = simulatorClock;
        this.properties = properties;
        this.pollInterval = properties.pollInterval();
    }

    /** What the API accepted: a checked manifest and its one PDF. */
    record NewJob(
            String senderOrganisationNumber,
            String pollingQueue,
            String reference,
            String title,
            String documentTitle,
            List<Integer> signerOrders,
            List<String> signerNins,
            Duration available,
            byte[] pdf,
            String requestXml,
            String manifestXml) {}

    synchronized PostenJob create(NewJob request) {
        Instant now = clock.instant();
        List<PostenJob.Signer> signers = new ArrayList<>();
        for (int i = 0; i < request.signerNins().size(); i++) {
            signers.add(new PostenJob.Signer(
                    i + 1, request.signerOrders().get(i), request.signerNins().get(i), now));
        }
        PostenJob job = new PostenJob(
                nextJobId++,
                request.senderOrganisationNumber(),
                request.pollingQueue(),
                request.reference(),
                request.title(),
                request.documentTitle(),
                List.copyOf(signers),
                now.plus(request.available()),
                request.pdf(),
                request.requestXml(),
                request.manifestXml());
        jobs.put(job.id, job);
        openTurns(job);
        return job;
    }

    synchronized Optional<PostenJob> find(long id) {
        expireDue();
        return Optional.ofNullable(jobs.get(id));
    }

    /** The jobs created with this reference, oldest first (a sender's reference need not be unique). */
    synchronized List<PostenJob> withReference(String reference) {
        expireDue();
        return jobs.values().stream()
                .filter(j -> reference.equals(j.reference))
                .sorted(java.util.Comparator.comparingLong(j -> j.id))
                .toList();
    }

    /** The job, only for the sender that created it. */
    synchronized Optional<PostenJob> findForSender(long id, String senderOrganisationNumber) {
        return find(id).filter(j -> j.senderOrganisationNumber.equals(senderOrganisationNumber));
    }

    /** What the sender sent for a job: the job XML and the manifest, as received (tests check what left it). */
    public record ReceivedXml(String request, String manifest) {}

    public synchronized Optional<ReceivedXml> receivedXml(long jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(j -> new ReceivedXml(j.requestXml, j.manifestXml));
    }

    /** The signer's decision on their page. */
    enum Decision {
        SIGN,
        REJECT
    }

    /** Why a signer's page refuses. */
    static final class NotYourTurn extends RuntimeException {
        NotYourTurn(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Records a signer's decision. Signing adds the signer's PAdES signature to the job's PDF and makes their
     * XAdES; the last signature completes the job. A rejection ends it: the signers whose turn never came are
     * {@code NOT_APPLICABLE}.
     */
    synchronized PostenJob decide(long jobId, int signerNumber, Decision decision) throws IOException {
        expireDue();
        PostenJob job = jobs.get(jobId);
        PostenJob.Signer signer = job == null ? null : job.signer(signerNumber);
        if (signer == null) {
            throw new java.util.NoSuchElementException("no such job or signer");
        }
        if (!job.isTurnOf(signer)) {
            throw new NotYourTurn(
                    job.status != PostenJob.Status.IN_PROGRESS
                            ? "This signature job is " + job.status + "."
                            : signer.status != PostenJob.SignerStatus.WAITING
                                    ? "You have already " + signer.status.name().toLowerCase() + "."
                                    : "It is not your turn yet: signers before you have not signed.");
        }
        Instant now = clock.instant();
        if (decision == Decision.SIGN) {
            var user = users.byNin(signer.nin);
            job.signedPdf = pades.sign(job.signedPdf, user, now);
            signer.xades = xades.sign(job.document, job.documentTitle, user, now);
            signer.status = PostenJob.SignerStatus.SIGNED;
            signer.since = now;
            if (job.signers.stream().allMatch(s -> s.status == PostenJob.SignerStatus.SIGNED)) {
                job.status = PostenJob.Status.COMPLETED_SUCCESSFULLY;
            }
        } else {
            signer.status = PostenJob.SignerStatus.REJECTED;
            signer.since = now;
            end(job, PostenJob.SignerStatus.NOT_APPLICABLE, now);
        }
        enqueue(job);
        openTurns(job);
        return job;
    }

    /** Cancels a running job; false when it has already ended. */
    synchronized boolean cancel(PostenJob job) {
        if (job.status != PostenJob.Status.IN_PROGRESS) {
            return false;
        }
        end(job, PostenJob.SignerStatus.CANCELLED, clock.instant());
        enqueue(job);
        return true;
    }

    synchronized void deleteDocuments(PostenJob job) {
        job.documentsDeleted = true;
    }

    /**
     * The oldest change for this sender and queue that is neither confirmed nor out for delivery, and when the next
     * poll is permitted: at once after a change (more may wait), after {@code pollInterval} when there was none.
     */
    synchronized Poll poll(String senderOrganisationNumber, String pollingQueue) {
        expireDue();
        Instant now = clock.instant();
        String key = queueKey(senderOrganisationNumber, pollingQueue);
        Instant permitted = nextPoll.get(key);
        if (permitted != null && now.isBefore(permitted)) {
            throw new TooEagerPolling();
        }
        Optional<Queued> next = queue.stream()
                .filter(q -> q.queue.equals(key) && !q.confirmed)
                .filter(q -> q.hiddenUntil == null || !now.isBefore(q.hiddenUntil))
                .findFirst();
        next.ifPresent(q -> q.hiddenUntil = now.plus(properties.redeliverAfter()));
        Instant nextPermitted = next.isPresent() ? now : now.plus(pollInterval);
        nextPoll.put(key, nextPermitted);
        return new Poll(next.map(q -> q.change), nextPermitted);
    }

    /** Confirms a delivered change: it is never handed out again. Confirming twice is harmless. */
    synchronized boolean confirm(String senderOrganisationNumber, long jobId, long sequence) {
        for (Queued q : queue) {
            if (q.change.sequence() == sequence
                    && q.change.jobId() == jobId
                    && q.queue.startsWith(senderOrganisationNumber + "/")) {
                q.confirmed = true;
                return true;
            }
        }
        return false;
    }

    /**
     * Fault knob: the next {@code n} jobs are created but their answers lost (503 after the job exists), as when a
     * gateway or the network fails after Posten took the job.
     */
    public void loseNextCreateAnswers(int n) {
        loseNextCreateAnswers.set(Math.max(0, n));
    }

    boolean takeLostCreateAnswer() {
        return loseNextCreateAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** Fault knob: the next {@code n} API calls are answered 503. */
    public void failNextApiCalls(int n) {
        failNextApiCalls.set(Math.max(0, n));
    }

    /**
     * Knob: the job's availability runs out now, as if its deadline had passed: the waiting signers are EXPIRED and
     * the job FAILED. False when the job has already ended.
     */
    public synchronized boolean expire(long jobId) {
        PostenJob job = jobs.get(jobId);
        if (job == null || job.status != PostenJob.Status.IN_PROGRESS) {
            return false;
        }
        end(job, PostenJob.SignerStatus.EXPIRED, clock.instant());
        enqueue(job);
        return true;
    }

    /** Knob: the wait after a poll that found nothing ({@code pollInterval} until set). */
    public void pollInterval(Duration interval) {
        this.pollInterval = interval == null ? properties.pollInterval() : interval;
    }

    boolean takeFailure() {
        return failNextApiCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** How many status changes the job has queued, and how many of them the sender confirmed. */
    public record Changes(int queued, int confirmed) {}

    synchronized Changes changes(PostenJob job) {
        String key = queueKey(job.senderOrganisationNumber, job.pollingQueue);
        int queued = 0;
        int confirmed = 0;
        for (Queued q : queue) {
            if (q.change.jobId() == job.id && q.queue.equals(key)) {
                queued++;
                confirmed += q.confirmed ? 1 : 0;
            }
        }
        return new Changes(queued, confirmed);
    }

    /** For the signer page: the job's title, signers and whose turn it is. */
    synchronized List<SignerSnapshot> signers(PostenJob job) {
        return snapshot(job);
    }

    /** Each signer whose turn has just come, once: the auto-sign knobs act for them. */
    private void openTurns(PostenJob job) {
        for (PostenJob.Signer s : job.signers) {
            if (!s.turnOpened && job.isTurnOf(s)) {
                s.turnOpened = true;
                autoDecide(job.id, s);
            }
        }
    }

    private void autoDecide(long jobId, PostenJob.Signer signer) {
        Knobs k = knobs.get();
        boolean reject = k.autoRejectNins().contains(signer.nin);
        if (!reject && k.autoSignAfter() == null) {
            return;
        }
        Duration delay = k.autoSignAfter() == null ? Duration.ZERO : k.autoSignAfter();
        int number = signer.number;
        scheduler.schedule(
                () -> {
                    try {
                        decide(jobId, number, reject ? Decision.REJECT : Decision.SIGN);
                    } catch (NotYourTurn e) {
                        log.debug(
                                "Auto-decision of Posten job {} signer {} skipped: {}", jobId, number, e.getMessage());
                    } catch (IOException | RuntimeException e) {
                        log.warn("Auto-decision of Posten job {} signer {} failed", jobId, number, e);
                    }
                },
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void end(PostenJob job, PostenJob.SignerStatus forTheRest, Instant now) {
        job.status = PostenJob.Status.FAILED;
        for (PostenJob.Signer s : job.signers) {
            if (s.status == PostenJob.SignerStatus.WAITING) {
                s.status = forTheRest;
                s.since = now;
            }
        }
    }

    private void expireDue() {
        Instant now = clock.instant();
        for (PostenJob job : jobs.values()) {
            if (job.status == PostenJob.Status.IN_PROGRESS && now.isAfter(job.availableUntil)) {
                end(job, PostenJob.SignerStatus.EXPIRED, now);
                enqueue(job);
            }
        }
    }

    private void enqueue(PostenJob job) {
        StatusChange change = new StatusChange(
                nextSequence++, job.id, job.reference, job.status, snapshot(job), !job.documentsDeleted);
        queue.add(new Queued(change, queueKey(job.senderOrganisationNumber, job.pollingQueue)));
        log.info("Posten job {} is {} (status change {})", job.id, job.status, change.sequence());
    }

    private static List<SignerSnapshot> snapshot(PostenJob job) {
        return job.signers.stream()
                .map(s -> new SignerSnapshot(s.number, s.nin, s.status, s.since))
                .toList();
    }

    private static String queueKey(String senderOrganisationNumber, String pollingQueue) {
        return senderOrganisationNumber + "/" + (pollingQueue == null ? "" : pollingQueue);
    }
}
