package no.signchain.workflows.retention;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The cleanup a Temporal Schedule runs (daily by default): erases the documents and personal data of every contract
 * that ended longer ago than the policy keeps them, in batches, and ends.
 */
@WorkflowInterface
public interface RetentionWorkflow {

    @WorkflowMethod
    RetentionOutcome run(RetentionPolicy policy);
}
