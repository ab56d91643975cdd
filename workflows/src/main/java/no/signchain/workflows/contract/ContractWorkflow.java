package no.signchain.workflows.contract;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
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

    @QueryMethod
    ContractProgress progress();
}
