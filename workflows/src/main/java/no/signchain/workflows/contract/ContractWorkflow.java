package no.signchain.workflows.contract;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One contract's signing chain: signer 1 signs the original, each next signer signs the previous signer's
 * result, until all have signed or one step ends otherwise.
 */
@WorkflowInterface
public interface ContractWorkflow {

    /** The default task queue of contract workflows and their activities ({@code signchain.temporal.task-queue}). */
    String TASK_QUEUE = "signchain-contracts";

    /** The failure type of a control that cannot apply in the contract's state (an API answers 409). */
    String CONTROL_CONFLICT = "ControlConflict";

    /** The failure type of a control whose input is wrong (an API answers 400). */
    String CONTROL_INVALID = "ControlInvalid";

    /** The workflow id for a contract: derived, so a contract can never run twice at once. */
    static String workflowId(String contractId) {
        return "contract-" + contractId;
    }

    /**
     * Runs the chain.
     *
     * @param plan         what to run
     * @param continuation null when the contract starts; set when a long wait continues as a new run
     */
    @WorkflowMethod
    ContractOutcome run(ContractPlan plan, ContractContinuation continuation);

    /** A provider event named a session; the workflow reads that session if it is the one it waits for. */
    @SignalMethod
    void sessionEvent(SessionEventHint hint);

    /**
     * A status change of the contract's job, from the sender's poller (a provider that orders signers itself). Sent at
     * least once; applied once per change id.
     */
    @SignalMethod
    void jobStatusChanged(no.signchain.workflows.job.JobStatusChange change);

    @QueryMethod
    ContractProgress progress();

    /** Cancel the contract: its open session is withdrawn, no later signer gets one; it ends CANCELLED. */
    @UpdateMethod
    ContractProgress cancel(CancelContract request);

    @UpdateValidatorMethod(updateName = "cancel")
    void validateCancel(CancelContract request);

    /** Put a pending replacement in a signer's place; the current signer's session is withdrawn and reopened. */
    @UpdateMethod
    ContractProgress replaceSigner(ReplaceSigner request);

    @UpdateValidatorMethod(updateName = "replaceSigner")
    void validateReplaceSigner(ReplaceSigner request);

    /** Move a signer's deadline; the open session's due date and the workflow's deadline timer follow. */
    @UpdateMethod
    ContractProgress changeDeadline(ChangeDeadline request);

    @UpdateValidatorMethod(updateName = "changeDeadline")
    void validateChangeDeadline(ChangeDeadline request);

    /** Remind the signer whose turn it is, now. */
    @UpdateMethod
    ContractProgress remind(RemindSigner request);

    @UpdateValidatorMethod(updateName = "remind")
    void validateRemind(RemindSigner request);
}
