package no.signchain.worker.signing;

import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import no.signchain.activities.signing.LateSessionSweeps;
import no.signchain.workflows.signing.LateSessionSweep;
import no.signchain.workflows.signing.LateSessionSweepWorkflow;
import no.signchain.workflows.signing.SignerStep;

/**
 * Starts a {@link LateSessionSweepWorkflow} per retried openSession attempt, on the workers' own task queue. Its id
 * names the activity attempt, so a retry of the same attempt (its worker died after starting the sweep) finds the
 * sweep already started, and each later attempt waits out its own request.
 */
public class TemporalLateSessionSweeps implements LateSessionSweeps {

    private final WorkflowClient temporal;
    private final String taskQueue;
    private final Duration after;

    public TemporalLateSessionSweeps(WorkflowClient temporal, String taskQueue, Duration after) {
        this.temporal = temporal;
        this.taskQueue = taskQueue;
        this.after = after;
    }

    @Override
    public void schedule(SignerStep step, int sessionAttempt) {
        LateSessionSweep sweep = new LateSessionSweep(step, sessionAttempt, after);
        int activityAttempt = Activity.getExecutionContext().getInfo().getAttempt();
        LateSessionSweepWorkflow workflow = temporal.newWorkflowStub(
                LateSessionSweepWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(taskQueue)
                        .setWorkflowId(sweep.workflowId(activityAttempt))
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                        .setStaticSummary("Withdraw sessions surfacing late for signer " + step.signerIndex()
                                + " of contract " + step.contractId())
                        .build());
        try {
            WorkflowClient.start(workflow::sweep, sweep);
        } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
            // An earlier run of this attempt started it: nothing to add.
        }
    }
}
