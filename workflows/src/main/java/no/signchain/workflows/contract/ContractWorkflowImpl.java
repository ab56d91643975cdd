package no.signchain.workflows.contract;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.signchain.workflows.job.JobStatusChange;
import no.signchain.workflows.signing.OpenSessionRequest;
import no.signchain.workflows.signing.OpenedSession;
import no.signchain.workflows.signing.SessionReading;
import no.signchain.workflows.signing.SessionState;
import no.signchain.workflows.signing.SignerStep;
import no.signchain.workflows.verification.VersionVerification;
import org.slf4j.Logger;

/**
 * The signing chain. A contract at a provider that orders signers itself runs as an {@link OrderedJobRun} instead,
 * which changes this workflow's state through {@link OrderedJobRun.Contract}.
 *
 * <p>Versioning convention: this class is always the latest code. A change that alters the sequence of commands
 * (activities, timers, their order) for a history already running must either branch with
 * {@code Workflow.getVersion("<change-id>", DEFAULT_VERSION, n)} at the point of change (the ids live in
 * {@link ContractWorkflowChanges}), or keep the old code
 * in a frozen copy; and {@code ContractWorkflowReplayTest} replays the recorded histories under
 * {@code src/test/resources/histories/} so an incompatible change fails the build.
 *
 * <p>Activity timeouts and retries are set outside this class ({@link ContractActivityPolicies}), as the
 * worker's workflow implementation options.
 */
public class ContractWorkflowImpl implements ContractWorkflow {

    private static final Logger log = Workflow.getLogger(ContractWorkflowImpl.class);

    /**
     * The longest wait between reads of a session no event has named. Reads start at the reconcile interval and
     * double while nothing happens: a signer who takes two weeks costs about 1,400 reads, not 40,000, and an event
     * still wakes the workflow at once.
     */
    static final Duration RECONCILE_CEILING = Duration.ofMinutes(15);
    /**
     * A run that has grown past this many history events continues as a new run while it waits. Temporal warns at
     * 10,240 events and terminates a workflow at 51,200; one quiet read costs about 11.
     */
    static final int HISTORY_EVENTS_PER_RUN = 2_000;

    /** Sessions a provider event has named and the workflow has not read since. */
    private final Set<String> hintedSessions = new HashSet<>();

    private final Set<String> seenEventIds = new HashSet<>();

    private ContractPlan plan;
    private OperatorView operatorView;
    private Timeline timeline;
    private Instant phaseSince;
    private String contractId;
    private ContractStatus status = ContractStatus.ACTIVE;
    private ContractPhase phase = ContractPhase.OPENING_SESSION;
    private int currentSigner;
    private final List<SignerProgress> signers = new ArrayList<>();
    private DocumentVersionRef latestDocument;
    private String reason;
    /** Snapshots recorded so far, this run and the ones before it: the next one's {@code sequence} less one. */
    private long progressRecorded;

    private boolean boundedHistory;
    private boolean sessionEndings;
    private boolean verifyEachVersion;
    private boolean lifecycleControls;
    /** A chain's decision read keeps the signed document in the same activity ({@code COLLECT_ON_READ}). */
    private boolean collectOnRead;

    private final LifecycleControls controls = new LifecycleControls();
    /** Deadlines moved by {@link ChangeDeadline} for signers whose turn has not come. */
    private final Map<Integer, Instant> movedDeadlines = new HashMap<>();
    /** The step whose session is open, while one is. */
    private OpenStep open;
    /** The contract's one job, when the provider orders signers itself ({@link OrderedJobRun}); null for a chain. */
    private OrderedJobRun jobRun;
    /** Job status changes signalled and not yet applied, oldest first. */
    private final ArrayDeque<JobStatusChange> jobChanges = new ArrayDeque<>();
    /** The control that ended the contract (a cancellation, a replacement that failed), answered once it has ended. */
    private LifecycleControls.Pending endingControl;

    /** The open session of the current step, and what controls and reminders change about it. */
    private static final class OpenStep {
        final SignerStep step;
        String sessionRef;
        Instant dueAt;
        int attempt;
        Instant openedAt;
        int remindersSent;

        OpenStep(SignerStep step, String sessionRef, Instant dueAt, int attempt, Instant openedAt, int remindersSent) {
            this.step = step;
            this.sessionRef = sessionRef;
            this.dueAt = dueAt;
            this.attempt = attempt;
            this.openedAt = openedAt;
            this.remindersSent = remindersSent;
        }
    }

    /** Unwinds the chain from where a control ended the contract to {@link #run}, which ends it with this status. */
    private static final class ChainEnded extends RuntimeException {
        final ContractStatus status;

        ChainEnded(ContractStatus status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    @Override
    public ContractOutcome run(ContractPlan plan, ContractContinuation continuation) {
        this.plan = plan;
        this.operatorView = new OperatorView();
        this.timeline = new Timeline();
        this.boundedHistory =
                Workflow.getVersion(ContractWorkflowChanges.BOUNDED_HISTORY, Workflow.DEFAULT_VERSION, 1) >= 1;
        this.sessionEndings =
                Workflow.getVersion(ContractWorkflowChanges.SESSION_ENDINGS, Workflow.DEFAULT_VERSION, 1) >= 1;
        this.verifyEachVersion =
                Workflow.getVersion(ContractWorkflowChanges.VERIFY_EACH_VERSION, Workflow.DEFAULT_VERSION, 1) >= 1;
        this.lifecycleControls =
                Workflow.getVersion(ContractWorkflowChanges.LIFECYCLE_CONTROLS, Workflow.DEFAULT_VERSION, 1) >= 1;
        this.phaseSince = now();
        contractId = plan.contractId();
        try {
            if (plan.orderedJob()
                    && continuation == null
                    && Workflow.getVersion(ContractWorkflowChanges.ORDERED_JOBS, Workflow.DEFAULT_VERSION, 1) >= 1) {
                jobRun = new OrderedJobRun(plan, timeline, controls, signers, jobChanges, new JobRunContract());
                return jobRun.run();
            }
            return runChain(continuation);
        } catch (ChainEnded ended) {
            ContractOutcome outcome = end(ended.status);
            endingControl.done = true;
            return outcome;
        } catch (CanceledFailure | ActivityFailure interrupted) {
            if (!cancelledInTemporal()) {
                throw interrupted;
            }
            return endCancelledInTemporal();
        } finally {
            if (lifecycleControls) {
                // Every control's caller gets its answer before the run ends (outside a cancelled scope, which would
                // refuse to wait).
                Workflow.newDetachedCancellationScope(() -> Workflow.await(Workflow::isEveryHandlerFinished))
                        .run();
            }
        }
    }

    /** A cancellation request interrupts an activity; it ends the contract, not just this step. */
    private void rethrowIfCancelled(ActivityFailure failure) {
        if (cancelledInTemporal()) {
            throw failure;
        }
    }

    /** Whether an operator asked Temporal to cancel the workflow (the Web UI's "Request Cancellation"). */
    private boolean cancelledInTemporal() {
        return lifecycleControls && CancellationScope.current().isCancelRequested();
    }

    /**
     * A cancellation request to the workflow is a cancellation of the contract, as the {@code cancel} control is: the
     * open session is withdrawn and the contract ends {@code CANCELLED}. Without this the provider's session would
     * stay open and signchain's record {@code ACTIVE}. Runs detached: the workflow's own scope refuses new work. The
     * Java SDK closes the run as cancelled afterwards whatever it returns (sdk-java#896), which is what an operator who
     * pressed "Request Cancellation" expects to see.
     */
    private ContractOutcome endCancelledInTemporal() {
        ContractOutcome[] outcome = new ContractOutcome[1];
        Workflow.newDetachedCancellationScope(() -> {
                    reason = "cancelled in Temporal (a workflow cancellation request)";
                    timeline.records("note the cancellation requested in Temporal")
                            .noteEvent(new ContractEventNote(
                                    contractId,
                                    "contract.cancel_requested",
                                    "operator (Temporal cancellation request)",
                                    null,
                                    null));
                    if (open != null) {
                        withdrawQuietly(open.step, open.sessionRef, "the contract was cancelled");
                    }
                    if (jobRun != null) {
                        jobRun.cancelQuietly("the contract was cancelled");
                    }
                    if (currentSigner > 0 && signers.get(currentSigner - 1).status() == SignerStatus.READY) {
                        signers.set(
                                currentSigner - 1,
                                signers.get(currentSigner - 1).finished(SignerStatus.SKIPPED, now()));
                    }
                    outcome[0] = end(ContractStatus.CANCELLED);
                })
                .run();
        return outcome[0];
    }

    /**
     * The contract's state as an {@link OrderedJobRun} changes it: the same fields, records and end as the chain's, so
     * both modes record and end a contract in one place.
     */
    private final class JobRunContract implements OrderedJobRun.Contract {

        @Override
        public int currentSigner() {
            return currentSigner;
        }

        @Override
        public void currentSigner(int index) {
            currentSigner = index;
        }

        @Override
        public void latestDocument(DocumentVersionRef version) {
            latestDocument = version;
        }

        @Override
        public void reason(String why) {
            reason = why;
        }

        @Override
        public void turnOpened() {
            phaseSince = now();
        }

        @Override
        public void enter(ContractPhase phase) {
            ContractWorkflowImpl.this.enter(phase);
        }

        @Override
        public void record() {
            ContractWorkflowImpl.this.record();
        }

        @Override
        public ContractOutcome end(ContractStatus status) {
            return ContractWorkflowImpl.this.end(status);
        }

        @Override
        public boolean versionHolds(SignerStep step, String ref, DocumentVersionRef version) {
            return ContractWorkflowImpl.this.versionHolds(step, ref, version);
        }

        @Override
        public void rethrowIfCancelled(ActivityFailure failure) {
            ContractWorkflowImpl.this.rethrowIfCancelled(failure);
        }

        @Override
        public RuntimeException endedBy(LifecycleControls.Pending control, ContractStatus status) {
            endingControl = control;
            return new ChainEnded(status);
        }
    }

    private ContractOutcome runChain(ContractContinuation continuation) {
        collectOnRead = Workflow.getVersion(ContractWorkflowChanges.COLLECT_ON_READ, Workflow.DEFAULT_VERSION, 1) >= 1;
        int next = 1;
        if (continuation == null) {
            latestDocument = DocumentVersionRef.original(contractId);
            for (int i = 1; i <= plan.signerCount(); i++) {
                signers.add(SignerProgress.waiting(i));
            }
        } else {
            resume(continuation);
            // Read at once: an event that arrived while the previous run was handing over woke nobody.
            SignerStatus result = decideStep(plan, open, true);
            if (result != SignerStatus.SIGNED) {
                return end(contractStatusAfter(result));
            }
            next = continuation.signerIndex() + 1;
        }

        for (int index = next; index <= plan.signerCount(); index++) {
            SignerStatus result = runStep(plan, index);
            if (result != SignerStatus.SIGNED) {
                return end(contractStatusAfter(result));
            }
        }
        return end(ContractStatus.COMPLETED);
    }

    /** Takes over from the previous run; its progress is recorded already, so only the operators' view is redone. */
    private void resume(ContractContinuation continuation) {
        signers.addAll(continuation.signers());
        latestDocument = continuation.latestDocument();
        currentSigner = continuation.signerIndex();
        movedDeadlines.putAll(continuation.deadlines());
        progressRecorded = continuation.progressRecorded();
        SignerProgress waitedFor = continuation.waitedFor();
        ContractContinuation.StepState step = continuation.step();
        open = new OpenStep(
                new SignerStep(contractId, waitedFor.index()),
                waitedFor.sessionRef(),
                waitedFor.dueAt(),
                step == null ? 1 : step.attempt(),
                step == null ? continuation.phaseSince() : step.openedAt(),
                step == null ? 0 : step.remindersSent());
        phase = ContractPhase.WAITING_FOR_SIGNER;
        phaseSince = continuation.phaseSince();
        operatorView.show(progress(), plan.signerCount(), plan.businessRef(), phaseSince);
    }

    /** One signer's step: open their session on the latest version, await their decision, keep the result. */
    private SignerStatus runStep(ContractPlan plan, int index) {
        SignerStep step = new SignerStep(contractId, index);
        currentSigner = index;
        Instant deadline = movedDeadlines.containsKey(index) ? movedDeadlines.get(index) : plan.deadlineOf(index);
        Instant dueAt = deadline != null ? deadline : now().plus(plan.defaultSigningPeriod());
        if (!dueAt.isAfter(now())) {
            reason = "signer " + index + "'s deadline passed before their turn";
            return finishSigner(index, SignerStatus.EXPIRED);
        }

        enter(ContractPhase.OPENING_SESSION);
        OpenedSession session;
        try {
            session = timeline.signing(
                            "open " + of(index) + " signing session on document version " + latestDocument.version())
                    .openSession(new OpenSessionRequest(step, latestDocument, dueAt, 1));
        } catch (ActivityFailure failure) {
            rethrowIfCancelled(failure);
            reason = "could not open a signing session for signer " + index + ": " + rootMessage(failure);
            log.warn("Contract {}: {}", contractId, reason);
            return finishSigner(index, SignerStatus.FAILED);
        }
        signers.set(index - 1, signers.get(index - 1).opened(session.sessionRef(), session.signatureUrl(), dueAt));
        open = new OpenStep(step, session.sessionRef(), dueAt, 1, now(), 0);
        enter(ContractPhase.WAITING_FOR_SIGNER);
        return decideStep(plan, open, false);
    }

    /** The rest of a step once the signer's session is open: their decision, and the signed document. */
    private SignerStatus decideStep(ContractPlan plan, OpenStep waitingFor, boolean readFirst) {
        SignerStep step = waitingFor.step;
        int index = step.signerIndex();
        SessionReading decision;
        try {
            decision = awaitDecision(plan, waitingFor, readFirst);
        } catch (ActivityFailure failure) {
            rethrowIfCancelled(failure);
            if (!sessionEndings) {
                throw failure;
            }
            reason = "could not follow signer " + index + "'s signing session: " + rootMessage(failure);
            log.warn("Contract {}: {}", contractId, reason);
            withdrawQuietly(step, waitingFor.sessionRef, "the contract failed");
            return finishSigner(index, SignerStatus.FAILED);
        }
        open = null;
        String sessionRef = waitingFor.sessionRef;
        switch (decision.state()) {
            case SIGNED -> {
                if (decision.signedDocument() != null) {
                    latestDocument = decision.signedDocument(); // kept by the read itself
                } else {
                    enter(ContractPhase.COLLECTING_SIGNED_DOCUMENT);
                    try {
                        latestDocument = timeline.signing(
                                        "keep the document " + of(index) + " signed as version " + index)
                                .collectSignedDocument(step, sessionRef);
                    } catch (ActivityFailure failure) {
                        rethrowIfCancelled(failure);
                        // The signature exists at the provider, but without our copy the chain cannot go on.
                        reason = "could not collect signer " + index + "'s signed document: " + rootMessage(failure);
                        log.warn("Contract {}: {}", contractId, reason);
                        signers.set(index - 1, signers.get(index - 1).finished(SignerStatus.SIGNED, now()));
                        return SignerStatus.FAILED;
                    }
                }
                if (verifyEachVersion && !versionHolds(step, sessionRef)) {
                    return finishSigner(index, SignerStatus.FAILED);
                }
                return finishSigner(index, SignerStatus.SIGNED);
            }
            case REJECTED -> {
                reason = "signer " + index + " rejected";
                return finishSigner(index, SignerStatus.REJECTED);
            }
            case EXPIRED -> {
                reason = "signer " + index + " did not sign before the deadline";
                return finishSigner(index, SignerStatus.EXPIRED);
            }
            default -> {
                reason = "signer " + index + "'s session ended without a signature";
                return finishSigner(index, SignerStatus.FAILED);
            }
        }
    }

    /**
     * Whether the version this step's signer produced may be signed on: checked by an activity before the next
     * signer's session opens, so nobody signs on top of a version that cannot be relied on. When it may not, the
     * reason says why and names the signer; when it cannot even be checked, the contract fails too rather than go on
     * unchecked.
     */
    private boolean versionHolds(SignerStep step, String sessionRef) {
        return versionHolds(step, sessionRef, latestDocument);
    }

    /** Whether the given version, made by this step's signer, holds (see above). */
    private boolean versionHolds(SignerStep step, String sessionRef, DocumentVersionRef version) {
        int index = step.signerIndex();
        enter(ContractPhase.VERIFYING_SIGNED_VERSION);
        VersionVerification verification;
        try {
            verification = timeline.verification("verify version " + index + ": an incremental update of version "
                            + (index - 1) + " with one more signature, every signature intact, nothing changed after"
                            + " them, the newest by signer " + index + " of " + plan.signerCount()
                            + " at the required level")
                    .verifySignedVersion(step, sessionRef, version);
        } catch (ActivityFailure failure) {
            rethrowIfCancelled(failure);
            reason = "could not verify version " + index + " (signer " + index + "'s signature): "
                    + rootMessage(failure);
            log.warn("Contract {}: {}", contractId, reason);
            return false;
        }
        if (!verification.passed()) {
            reason = verification.failure();
            log.warn("Contract {}: version {} failed verification: {}", contractId, index, reason);
        }
        return verification.passed();
    }

    /**
     * Waits for the session to reach a final state. An event wakes the wait early; without one the workflow reads
     * the session itself, first after the reconcile interval and then, while nothing happens, at doubling intervals
     * up to {@link #RECONCILE_CEILING}; so a lost event delays the step but never stalls it. A wait that has grown
     * the history past {@link #HISTORY_EVENTS_PER_RUN} events continues as a new run. Past the deadline the session
     * is withdrawn, so the signer cannot sign a contract that has already expired. Since {@code COLLECT_ON_READ}
     * the read that finds the session signed has kept the signed document too, when the provider offered it.
     */
    private SessionReading awaitDecision(ContractPlan plan, OpenStep waitingFor, boolean readFirst) {
        SignerStep step = waitingFor.step;
        Duration quietWait = plan.reconcileInterval();
        boolean readNow = readFirst;
        while (true) {
            if (lifecycleControls) {
                applyControls(waitingFor);
            }
            String sessionRef = waitingFor.sessionRef;
            Duration untilDue = Duration.between(now(), waitingFor.dueAt);
            boolean pastDue = untilDue.isNegative() || untilDue.isZero();
            if (!pastDue && !readNow) {
                Duration wait = untilDue.compareTo(quietWait) < 0 ? untilDue : quietWait;
                Instant reminderDue = lifecycleControls
                        ? plan.reminderSchedule().next(waitingFor.openedAt, waitingFor.remindersSent)
                        : null;
                if (reminderDue != null) {
                    Duration untilReminder = Duration.between(now(), reminderDue);
                    wait = untilReminder.isNegative()
                            ? Duration.ZERO
                            : untilReminder.compareTo(wait) < 0 ? untilReminder : wait;
                }
                boolean named = timeline.await(
                        wait,
                        "wait for " + of(step.signerIndex()) + " decision, or read the session then",
                        () -> hintedSessions.contains(sessionRef) || (lifecycleControls && controls.hasPending()));
                if (lifecycleControls && controls.hasPending()) {
                    continue; // the control first; the session is read on the next round
                }
                if (reminderDue != null && !now().isBefore(reminderDue)) {
                    waitingFor.remindersSent++;
                    remind(waitingFor, "schedule");
                    continue;
                }
                if (boundedHistory) {
                    quietWait = named ? plan.reconcileInterval() : longerQuietWait(quietWait, plan);
                }
            }
            readNow = false;
            hintedSessions.remove(sessionRef);
            SessionReading reading = collectOnRead
                    ? timeline.signing("read " + of(step.signerIndex()) + " session, keeping the document if signed")
                            .readSessionAndCollect(step, sessionRef)
                    : timeline.signing("read " + of(step.signerIndex()) + " session")
                            .readSession(step, sessionRef);
            if (reading.state().isFinal()) {
                return reading;
            }
            if (pastDue) {
                return new SessionReading(sessionRef, withdrawAtDeadline(step, sessionRef), null);
            }
            if (boundedHistory && historyIsLong()) {
                if (lifecycleControls && controls.hasPending()) {
                    continue; // answer the control in this run
                }
                continueAsNewWaitingFor(waitingFor);
            }
        }
    }

    // --- lifecycle controls ---------------------------------------------------------------------------------------

    @Override
    public ContractProgress cancel(CancelContract request) {
        return applied(controls.accept(request));
    }

    @Override
    public void validateCancel(CancelContract request) {
        LifecycleControls.validate(request, lifecycleControls, status);
    }

    @Override
    public ContractProgress replaceSigner(ReplaceSigner request) {
        return applied(controls.accept(request));
    }

    @Override
    public void validateReplaceSigner(ReplaceSigner request) {
        LifecycleControls.validate(request, lifecycleControls, status, signers);
    }

    @Override
    public ContractProgress changeDeadline(ChangeDeadline request) {
        return applied(controls.accept(request));
    }

    @Override
    public void validateChangeDeadline(ChangeDeadline request) {
        LifecycleControls.validate(request, lifecycleControls, status, signers, now());
    }

    @Override
    public ContractProgress remind(RemindSigner request) {
        return applied(controls.accept(request));
    }

    @Override
    public void validateRemind(RemindSigner request) {
        LifecycleControls.validate(request, lifecycleControls, status, signers, currentSigner);
    }

    /** Waits until the chain has applied the control (and recorded it); the contract as it then is. */
    private ContractProgress applied(LifecycleControls.Pending pending) {
        Workflow.await(() -> pending.done);
        if (pending.refusal != null) {
            throw LifecycleControls.conflict(pending.refusal);
        }
        return progress();
    }

    /**
     * Applies the accepted controls in order, at a safe point of the wait for the current signer: a cancellation
     * unwinds the chain; a replacement of the current signer withdraws their session and opens one for the
     * replacement on the same document version; a new deadline moves the open session's due date; a reminder goes out.
     * Controls for later signers change what their turn will use.
     */
    private void applyControls(OpenStep waitingFor) {
        LifecycleControls.Pending pending;
        while ((pending = controls.next()) != null) {
            Object control = pending.control;
            if (control instanceof CancelContract cancel) {
                reason = "cancelled by " + cancel.actor() + ": " + cancel.reason();
                timeline.records("note the cancellation by " + cancel.actor())
                        .noteEvent(new ContractEventNote(
                                contractId, "contract.cancel_requested", cancel.actor(), null, cancel.reason()));
                withdrawQuietly(waitingFor.step, waitingFor.sessionRef, "the contract was cancelled");
                signers.set(currentSigner - 1, signers.get(currentSigner - 1).finished(SignerStatus.SKIPPED, now()));
                endingControl = pending;
                throw new ChainEnded(ContractStatus.CANCELLED);
            } else if (control instanceof ReplaceSigner replace) {
                if (stillOpen(replace.signerIndex(), pending, "the replacement")) {
                    replaceSigner(waitingFor, replace, pending);
                }
            } else if (control instanceof ChangeDeadline change) {
                if (stillOpen(change.signerIndex(), pending, "the new deadline")) {
                    changeDeadline(waitingFor, change);
                }
            } else if (control instanceof RemindSigner reminder) {
                if (reminder.signerIndex() == waitingFor.step.signerIndex()) {
                    remind(waitingFor, reminder.actor());
                } else {
                    pending.refusal = "signer " + reminder.signerIndex() + "'s turn ended before the reminder could go";
                }
            }
            pending.done = true;
        }
    }

    /**
     * A control accepted while its signer was open may reach the chain after the signer decided (their decision was
     * read first): it is refused then, never applied to a signer who is done.
     */
    private boolean stillOpen(int index, LifecycleControls.Pending pending, String what) {
        SignerStatus status = signers.get(index - 1).status();
        if (status == SignerStatus.WAITING || status == SignerStatus.READY) {
            return true;
        }
        pending.refusal = "signer " + index + " decided (" + status + ") before " + what + " could apply";
        return false;
    }

    private void replaceSigner(OpenStep waitingFor, ReplaceSigner replace, LifecycleControls.Pending pending) {
        int index = replace.signerIndex();
        if (index != waitingFor.step.signerIndex()) {
            timeline.records("replace signer " + index + " of " + plan.signerCount() + " (" + replace.actor() + ")")
                    .applyReplacement(new SignerStep(contractId, index), replace.replacementId());
            operatorView.noteControl("signer " + index + " replaced by " + replace.actor());
            record();
            return;
        }
        // The signer may have decided in the meantime: a decision made is kept, not replaced.
        SessionState state = timeline.signing("read " + of(index) + " session before replacing the signer")
                .readSession(waitingFor.step, waitingFor.sessionRef)
                .state();
        if (state.isFinal()) {
            pending.refusal = "signer " + index + " decided (" + state + ") before the replacement could apply";
            pending.done = true;
            hintedSessions.add(waitingFor.sessionRef); // so the wait reads and acts on the decision at once
            return;
        }
        timeline.records("replace signer " + index + " of " + plan.signerCount() + " (" + replace.actor() + ")")
                .applyReplacement(waitingFor.step, replace.replacementId());
        withdrawQuietly(waitingFor.step, waitingFor.sessionRef, "signer replaced");
        int attempt = waitingFor.attempt + 1;
        OpenedSession session;
        try {
            session = timeline.signing("open the replacement " + of(index) + " signing session on document version "
                            + latestDocument.version())
                    .openSession(new OpenSessionRequest(waitingFor.step, latestDocument, waitingFor.dueAt, attempt));
        } catch (ActivityFailure failure) {
            rethrowIfCancelled(failure);
            reason = "could not open a signing session for signer " + index + "'s replacement: " + rootMessage(failure);
            log.warn("Contract {}: {}", contractId, reason);
            signers.set(index - 1, signers.get(index - 1).finished(SignerStatus.FAILED, now()));
            endingControl = pending; // answered when the contract has ended
            throw new ChainEnded(ContractStatus.FAILED);
        }
        waitingFor.sessionRef = session.sessionRef();
        waitingFor.attempt = attempt;
        waitingFor.openedAt = now();
        waitingFor.remindersSent = 0;
        signers.set(
                index - 1,
                signers.get(index - 1).opened(session.sessionRef(), session.signatureUrl(), waitingFor.dueAt));
        phaseSince = now();
        operatorView.noteControl("signer " + index + " replaced by " + replace.actor());
        record();
    }

    private void changeDeadline(OpenStep waitingFor, ChangeDeadline change) {
        int index = change.signerIndex();
        timeline.records("note signer " + index + "'s new deadline, by " + change.actor())
                .noteEvent(new ContractEventNote(
                        contractId,
                        "signer.deadline_changed",
                        change.actor(),
                        index,
                        "new deadline " + change.deadline()));
        if (index != waitingFor.step.signerIndex()) {
            movedDeadlines.put(index, change.deadline());
            operatorView.noteControl(deadlineMoved(change));
            return;
        }
        timeline.signing(
                        "move " + of(index) + " session due date to " + change.deadline() + " (" + change.actor() + ")")
                .changeSessionDueDate(waitingFor.step, waitingFor.sessionRef, change.deadline());
        waitingFor.dueAt = change.deadline();
        SignerProgress signer = signers.get(index - 1);
        signers.set(index - 1, signer.opened(signer.sessionRef(), signer.signatureUrl(), change.deadline()));
        operatorView.noteControl(deadlineMoved(change));
        record();
    }

    private static String deadlineMoved(ChangeDeadline change) {
        return "signer " + change.signerIndex() + "'s deadline moved to " + change.deadline() + " by " + change.actor();
    }

    private void remind(OpenStep waitingFor, String actor) {
        timeline.reminders("remind " + of(waitingFor.step.signerIndex()).replace("'s", "") + " (" + actor + ")")
                .remindSigner(waitingFor.step, Workflow.randomUUID().toString(), actor);
        operatorView.noteControl("signer " + waitingFor.step.signerIndex() + " reminded by " + actor);
    }

    /** Withdraws the session of a signer whose deadline passed; what the provider says afterwards decides. */
    private SessionState withdrawAtDeadline(SignerStep step, String sessionRef) {
        if (!sessionEndings) {
            timeline.signing("withdraw " + of(step.signerIndex()) + " session: deadline passed")
                    .withdrawSession(step, sessionRef);
            return SessionState.EXPIRED;
        }
        // The signer may have signed between the last read and the withdrawal (a provider may then refuse to delete
        // the session): a signature that exists is kept, not reported as expired.
        withdrawQuietly(step, sessionRef, "deadline passed");
        SessionState after = timeline.signing("read " + of(step.signerIndex()) + " session after the withdrawal")
                .readSession(step, sessionRef)
                .state();
        return after == SessionState.SIGNED || after == SessionState.REJECTED ? after : SessionState.EXPIRED;
    }

    private void withdrawQuietly(SignerStep step, String sessionRef, String why) {
        try {
            timeline.signing("withdraw " + of(step.signerIndex()) + " session: " + why)
                    .withdrawSession(step, sessionRef);
        } catch (ActivityFailure refused) {
            rethrowIfCancelled(refused);
            log.warn(
                    "Contract {}: could not withdraw signer {}'s session: {}",
                    contractId,
                    step.signerIndex(),
                    rootMessage(refused));
        }
    }

    private static Duration longerQuietWait(Duration current, ContractPlan plan) {
        Duration ceiling = plan.reconcileInterval().compareTo(RECONCILE_CEILING) > 0
                ? plan.reconcileInterval()
                : RECONCILE_CEILING;
        // plus, not multipliedBy(2): the same value, but multipliedBy goes through BigDecimal, whose JDK 25 code has a
        // fork-join path that temporal-workflowcheck reports as non-deterministic.
        Duration doubled = current.plus(current);
        return doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
    }

    private static boolean historyIsLong() {
        return Workflow.getInfo().getHistoryLength() > HISTORY_EVENTS_PER_RUN
                || Workflow.getInfo().isContinueAsNewSuggested();
    }

    /** Ends this run and starts the next, which goes on waiting for the same signer's session. Does not return. */
    private void continueAsNewWaitingFor(OpenStep waitingFor) {
        int index = waitingFor.step.signerIndex();
        log.info(
                "Contract {}: {} history events; continuing as a new run, still waiting for signer {}",
                contractId,
                Workflow.getInfo().getHistoryLength(),
                index);
        ContractContinuation continuation = lifecycleControls
                ? new ContractContinuation(
                        index,
                        signers,
                        latestDocument,
                        phaseSince,
                        new ContractContinuation.StepState(
                                waitingFor.attempt, waitingFor.openedAt, waitingFor.remindersSent),
                        movedDeadlines,
                        progressRecorded)
                : new ContractContinuation(index, signers, latestDocument, phaseSince, progressRecorded);
        if (lifecycleControls) {
            Workflow.await(Workflow::isEveryHandlerFinished);
        }
        Workflow.continueAsNew(plan, continuation);
    }

    @Override
    public void sessionEvent(SessionEventHint hint) {
        // Providers deliver at least once; the same event id must not cause a second read.
        if (hint.eventId() == null || seenEventIds.add(hint.eventId())) {
            hintedSessions.add(hint.sessionRef());
        }
    }

    @Override
    public void jobStatusChanged(JobStatusChange change) {
        // The poller signals at least once (a restart between signal and confirmation repeats it).
        if (change.changeId() == null || seenEventIds.add("job-change:" + change.changeId())) {
            jobChanges.add(change);
        }
    }

    @Override
    public ContractProgress progress() {
        return progressNumbered(progressRecorded);
    }

    private ContractProgress progressNumbered(long sequence) {
        return new ContractProgress(
                contractId, status, phase, currentSigner, signers, latestDocument, reason, now(), sequence);
    }

    private SignerStatus finishSigner(int index, SignerStatus result) {
        signers.set(index - 1, signers.get(index - 1).finished(result, now()));
        record();
        return result;
    }

    private ContractOutcome end(ContractStatus finalStatus) {
        status = finalStatus;
        phase = ContractPhase.valueOf(finalStatus.name());
        phaseSince = now();
        currentSigner = 0;
        for (int i = 0; i < signers.size(); i++) {
            if (signers.get(i).status() == SignerStatus.WAITING) {
                signers.set(i, signers.get(i).finished(SignerStatus.SKIPPED, now()));
            }
        }
        if (finalStatus == ContractStatus.COMPLETED) {
            reason = null;
        }
        open = null;
        record();
        controls.refuseAll("the contract has ended: " + finalStatus);
        return new ContractOutcome(finalStatus, latestDocument, reason);
    }

    private void enter(ContractPhase next) {
        if (next != phase) {
            phaseSince = now();
        }
        phase = next;
        record();
    }

    private void record() {
        progressRecorded++;
        ContractProgress progress = progressNumbered(progressRecorded);
        operatorView.show(progress, plan.signerCount(), plan.businessRef(), phaseSince);
        timeline.recordProgress(
                "record " + progress.phase().name().toLowerCase().replace('_', ' ')
                        + (progress.currentSigner() == 0 ? "" : ", signer " + progress.currentSigner()),
                progress);
    }

    /** "signer 2 of 3's", for summaries. */
    private String of(int index) {
        return "signer " + index + " of " + plan.signerCount() + "'s";
    }

    private static ContractStatus contractStatusAfter(SignerStatus result) {
        return switch (result) {
            case REJECTED -> ContractStatus.REJECTED;
            case EXPIRED -> ContractStatus.EXPIRED;
            default -> ContractStatus.FAILED;
        };
    }

    /** The activity's own message, not Temporal's wrapper; package-private for {@link OrderedJobRun}. */
    static String rootMessage(ActivityFailure failure) {
        Throwable cause = failure.getCause();
        if (cause instanceof ApplicationFailure app) {
            return app.getOriginalMessage();
        }
        return cause != null ? cause.getMessage() : failure.getMessage();
    }

    /** Workflow time, replayed as recorded; package-private for {@link OrderedJobRun}. */
    static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }
}
