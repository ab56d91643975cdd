package no.signchain.worker.posten;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import no.signchain.activities.posten.PostenStatusQueue;
import no.signchain.workflows.contract.ContractWorkflow;
import no.signchain.workflows.job.JobStatusChange;

/** A job's status change, signalled to its contract's workflow (positions only: no personal data in history). */
class TemporalJobStatusSignals implements PostenStatusQueue.JobStatusSignals {

    private final WorkflowClient temporal;

    TemporalJobStatusSignals(WorkflowClient temporal) {
        this.temporal = temporal;
    }

    @Override
    public boolean signal(String contractId, JobStatusChange change) {
        try {
            temporal.newWorkflowStub(ContractWorkflow.class, ContractWorkflow.workflowId(contractId))
                    .jobStatusChanged(change);
            return true;
        } catch (WorkflowNotFoundException ended) {
            return false;
        }
    }
}
