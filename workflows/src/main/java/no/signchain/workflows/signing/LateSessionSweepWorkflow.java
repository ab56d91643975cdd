package no.signchain.workflows.signing;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Waits out a lost "open a session" request, then withdraws every session of the step but the one signchain kept.
 * Started by a retried openSession activity; a workflow of its own so that the contract workflow does not wait
 * for it, and an operator sees it in the Web UI.
 */
@WorkflowInterface
public interface LateSessionSweepWorkflow {

    /** Returns how many late sessions were withdrawn. */
    @WorkflowMethod
    int sweep(LateSessionSweep sweep);
}
