package no.signchain.workflows.contract;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import no.signchain.workflows.job.CreatedJob;
import no.signchain.workflows.job.JobOrder;
import no.signchain.workflows.job.JobState;
import no.signchain.workflows.job.JobStatusChange;
import no.signchain.workflows.signing.SignerStep;
import org.slf4j.Logger;

/**
 * A contract at a provider that orders signers itself: one job for every signer, created once; the provider opens each
 * signer's turn when the one before has signed, and the sender's poller signals each status change
 * ({@link ContractWorkflow#jobStatusChanged}). The run keeps per-signer progress from those changes, cancels the job at
 * the deadline or on the cancel control, and on completion collects the signed PDF as one document version per
 * signature and verifies each against the one before, signer by signer, as a chain's versions are.
 *
 * <p>Workflow code, run by {@link ContractWorkflowImpl} behind {@link ContractWorkflowChanges#ORDERED_JOBS}: every
 * command it issues is part of recorded histories, so its order must not change without a version branch there.
 *
 * <p>The contract's state that the chain shares (its progress record, its end, the verification of a version) stays in
 * the workflow, one place for both modes; this run reaches it through {@link Contract}. What is the job's alone (the
 * job's handle, its deadline, how its changes map onto signers) lives here.
 *
 * <p>Not yet here: replacing a signer, moving a deadline and reminders (refused as controls; Posten sends its own
 * notifications), and continue-as-new (a job's history grows by a few events per signer, not per read).
 */
final class OrderedJobRun {

    private static final Logger log = Workflow.getLogger(OrderedJobRun.class);

    /**
     * What the run changes of the contract the workflow holds. The workflow's queries and its other paths (the
     * cancellation in Temporal, a control that ends the contract) read the same state, so it is not copied here.
     */
    interface Contract {

        /** The signer whose turn it is, 0 when none. */
        int currentSigner();

        void currentSigner(int index);

        void latestDocument(DocumentVersionRef version);

        /** Why the contract ended the way it did. */
        void reason(String reason);

        /** A signer's turn opened: the phase's clock starts again, in the same phase. */
        void turnOpened();

        /** Moves to the phase and records the contract's progress. */
        void enter(ContractPhase phase);

        /** Records the contract's progress as it is. */
        void record();

        /** Ends the contract with this status; the outcome the workflow returns. */
        ContractOutcome end(ContractStatus status);

        /** Whether the version, made by the step's signer, holds (the check the chain runs on each version). */
        boolean versionHolds(SignerStep step, String ref, DocumentVersionRef version);

        /** A cancellation request to the workflow interrupts an activity: it ends the contract, not just this step. */
        void rethrowIfCancelled(ActivityFailure failure);

        /** What to throw when this control ended the contract with this status; answered once the contract ended. */
        RuntimeException endedBy(LifecycleControls.Pending control, ContractStatus status);
    }

    private final ContractPlan plan;
    private final String contractId;
    private final Timeline timeline;
    private final LifecycleControls controls;
    /** The contract's signers, shared with the workflow (its queries and validators read them). */
    private final List<SignerProgress> signers;
    /** Job status changes signalled and not yet applied, oldest first; the workflow's signal handler adds them. */
    private final Deque<JobStatusChange> jobChanges;

    private final Contract contract;
    /** The provider's job, while one runs. */
    private String openJob;

    OrderedJobRun(
            ContractPlan plan,
            Timeline timeline,
            LifecycleControls controls,
            List<SignerProgress> signers,
            Deque<JobStatusChange> jobChanges,
            Contract contract) {
        this.plan = plan;
        this.contractId = plan.contractId();
        this.timeline = timeline;
        this.controls = controls;
        this.signers = signers;
        this.jobChanges = jobChanges;
        this.contract = contract;
    }

    ContractOutcome run() {
        DocumentVersionRef original = DocumentVersionRef.original(contractId);
        contract.latestDocument(original);
        for (int i = 1; i <= plan.signerCount(); i++) {
            signers.add(SignerProgress.waiting(i));
        }
        Instant dueAt = jobDeadline(plan, now());
        contract.currentSigner(1);
        contract.enter(ContractPhase.OPENING_SESSION);
        CreatedJob job;
        try {
            job = timeline.orderedJobs("create one job for all " + plan.signerCount()
                            + " signers, in order, on document version " + original.version())
                    .createJob(new JobOrder(contractId, plan.signerCount(), original, dueAt));
        } catch (ActivityFailure failure) {
            contract.rethrowIfCancelled(failure);
            String reason = "could not create the signing job: " + ContractWorkflowImpl.rootMessage(failure);
            contract.reason(reason);
            log.warn("Contract {}: {}", contractId, reason);
            return contract.end(finished(1, SignerStatus.FAILED, ContractStatus.FAILED));
        }
        openJob = job.jobRef();
        signers.set(0, signers.get(0).opened(openJob, null, dueAt));
        contract.enter(ContractPhase.WAITING_FOR_SIGNER);
        while (true) {
            applyControls();
            Duration untilDue = Duration.between(now(), dueAt);
            if (untilDue.isNegative() || untilDue.isZero()) {
                int current = contract.currentSigner();
                contract.reason("signer " + current + "'s deadline passed");
                cancelQuietly("deadline passed");
                return contract.end(finished(current, SignerStatus.EXPIRED, ContractStatus.EXPIRED));
            }
            if (jobChanges.isEmpty()) {
                timeline.await(
                        untilDue,
                        "wait for the job's status changes, or its deadline",
                        () -> !jobChanges.isEmpty() || controls.hasPending());
                continue;
            }
            JobStatusChange change = jobChanges.poll();
            if (!openJob.equals(change.jobRef())) {
                log.warn("Contract {}: a status change of another job ({}) ignored", contractId, change.jobRef());
                continue;
            }
            ContractOutcome ended = apply(change, dueAt);
            if (ended != null) {
                return ended;
            }
        }
    }

    /**
     * Cancels the running job, if one runs; a failure is logged, not raised (the contract is ending anyway). Also
     * called by the workflow when it is cancelled in Temporal.
     */
    void cancelQuietly(String why) {
        if (openJob == null) {
            return;
        }
        String job = openJob;
        openJob = null;
        try {
            timeline.orderedJobs("cancel the job: " + why).cancelJob(contractId, job);
        } catch (ActivityFailure refused) {
            contract.rethrowIfCancelled(refused);
            log.warn(
                    "Contract {}: could not cancel the job: {}", contractId, ContractWorkflowImpl.rootMessage(refused));
        }
    }

    /**
     * The job's one deadline: the earliest deadline set for a signer, else the default period from {@code now}. The
     * provider takes one deadline per job, so a later signer's own deadline cannot be kept apart.
     */
    static Instant jobDeadline(ContractPlan plan, Instant now) {
        Instant earliest = null;
        for (int i = 1; i <= plan.signerCount(); i++) {
            Instant deadline = plan.deadlineOf(i);
            if (deadline != null && (earliest == null || deadline.isBefore(earliest))) {
                earliest = deadline;
            }
        }
        return earliest != null ? earliest : now.plus(plan.defaultSigningPeriod());
    }

    /**
     * The status a signer has after the provider reported this state for them. {@code WAITING} says nothing new (the
     * signer keeps what the workflow knows: waiting, or ready once their turn opened), so it never undoes a turn.
     */
    static SignerStatus signerStatusAfter(JobStatusChange.Position position, SignerStatus known) {
        return switch (position.state()) {
            case WAITING -> known;
            case SIGNED -> SignerStatus.SIGNED;
            case REJECTED -> SignerStatus.REJECTED;
            case EXPIRED -> SignerStatus.EXPIRED;
            case CANCELLED, NOT_APPLICABLE -> SignerStatus.SKIPPED;
            case UNREACHABLE -> SignerStatus.FAILED;
        };
    }

    /** How a job that ended without every signature ends the contract, and why: the first signer who stopped it. */
    record JobFailure(ContractStatus status, String reason) {

        static JobFailure of(List<SignerProgress> signers) {
            for (SignerProgress signer : signers) {
                switch (signer.status()) {
                    case REJECTED -> {
                        return new JobFailure(ContractStatus.REJECTED, "signer " + signer.index() + " rejected");
                    }
                    case EXPIRED -> {
                        return new JobFailure(
                                ContractStatus.EXPIRED, "signer " + signer.index() + "'s deadline passed");
                    }
                    case FAILED -> {
                        return new JobFailure(
                                ContractStatus.FAILED, "the provider could not reach signer " + signer.index());
                    }
                    default -> {}
                }
            }
            return new JobFailure(ContractStatus.FAILED, "the provider ended the job without every signature");
        }
    }

    /** Applies one change to the signers; the contract's outcome when the job has ended, else null. */
    private ContractOutcome apply(JobStatusChange change, Instant dueAt) {
        for (JobStatusChange.Position position : change.signers()) {
            int index = position.position();
            if (index < 1 || index > plan.signerCount()) {
                continue;
            }
            SignerProgress signer = signers.get(index - 1);
            SignerStatus status = signerStatusAfter(position, signer.status());
            if (status != signer.status()) {
                Instant at = position.at() != null ? position.at() : now();
                signers.set(index - 1, signer.finished(status, at));
            }
        }
        if (change.state() == JobState.IN_PROGRESS) {
            // The provider opened the next signer's turn when the one before signed.
            contract.currentSigner(0);
            for (SignerProgress signer : signers) {
                if (signer.status() == SignerStatus.WAITING || signer.status() == SignerStatus.READY) {
                    contract.currentSigner(signer.index());
                    if (signer.status() == SignerStatus.WAITING) {
                        signers.set(signer.index() - 1, signer.opened(openJob, null, dueAt));
                        contract.turnOpened();
                    }
                    break;
                }
            }
            contract.record();
            return null;
        }
        openJob = null;
        if (change.state() == JobState.COMPLETED) {
            return completed(change.jobRef());
        }
        JobFailure failure = JobFailure.of(signers);
        contract.reason(failure.reason());
        return contract.end(failure.status());
    }

    /** Every signer signed: the signed PDF, one version per signature, each verified against the one before. */
    private ContractOutcome completed(String jobRef) {
        for (int i = 0; i < signers.size(); i++) {
            if (signers.get(i).status() != SignerStatus.SIGNED) {
                signers.set(i, signers.get(i).finished(SignerStatus.SIGNED, now()));
            }
        }
        contract.currentSigner(plan.signerCount());
        contract.enter(ContractPhase.COLLECTING_SIGNED_DOCUMENT);
        try {
            contract.latestDocument(timeline.orderedJobs("keep the job's signed document as versions 1 to "
                            + plan.signerCount() + ", one per signature")
                    .collectJobDocument(contractId, jobRef, plan.signerCount()));
        } catch (ActivityFailure failure) {
            contract.rethrowIfCancelled(failure);
            String reason = "could not collect the job's signed document: " + ContractWorkflowImpl.rootMessage(failure);
            contract.reason(reason);
            log.warn("Contract {}: {}", contractId, reason);
            return contract.end(ContractStatus.FAILED);
        }
        for (int index = 1; index <= plan.signerCount(); index++) {
            if (!contract.versionHolds(
                    new SignerStep(contractId, index), jobRef, new DocumentVersionRef(contractId, index))) {
                signers.set(index - 1, signers.get(index - 1).finished(SignerStatus.FAILED, now()));
                return contract.end(ContractStatus.FAILED);
            }
        }
        return contract.end(ContractStatus.COMPLETED);
    }

    /** Marks the signer and gives the contract's end status. */
    private ContractStatus finished(int index, SignerStatus signerStatus, ContractStatus contractStatus) {
        signers.set(index - 1, signers.get(index - 1).finished(signerStatus, now()));
        return contractStatus;
    }

    /**
     * A cancellation cancels the job. A job that had ended at the provider meanwhile is not cancelled: the control is
     * refused, and its final status change, on its way, decides. Other controls need a session per signer.
     */
    private void applyControls() {
        LifecycleControls.Pending pending;
        while ((pending = controls.next()) != null) {
            if (pending.control instanceof CancelContract cancel) {
                timeline.records("note the cancellation by " + cancel.actor())
                        .noteEvent(new ContractEventNote(
                                contractId, "contract.cancel_requested", cancel.actor(), null, cancel.reason()));
                boolean cancelled = timeline.orderedJobs("cancel the job: the contract was cancelled")
                        .cancelJob(contractId, openJob);
                if (cancelled) {
                    contract.reason("cancelled by " + cancel.actor() + ": " + cancel.reason());
                    openJob = null;
                    int current = contract.currentSigner();
                    signers.set(current - 1, signers.get(current - 1).finished(SignerStatus.SKIPPED, now()));
                    throw contract.endedBy(pending, ContractStatus.CANCELLED);
                }
                pending.refusal = "the job had ended at the provider before the cancellation";
            } else {
                pending.refusal =
                        "not available for a provider that orders signers itself (one job for the whole contract)";
            }
            pending.done = true;
        }
    }

    private static Instant now() {
        return ContractWorkflowImpl.now();
    }
}
