package no.signchain.workflows.contract;

import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import no.signchain.workflows.job.CreatedJob;
import no.signchain.workflows.job.JobOrder;
import no.signchain.workflows.job.JobSignerState;
import no.signchain.workflows.job.JobState;
import no.signchain.workflows.job.JobStatusChange;
import no.signchain.workflows.job.OrderedJobActivities;

/**
 * A provider that orders signers itself and decides at once: when the job is created, the status changes a poller
 * would route (each signer signing in turn, or one rejecting) are signalled to the workflow, as Posten's queue would
 * hand them out, with changes ids so duplicates can be tested.
 */
final class FakeOrderedJobs implements OrderedJobActivities {

    final List<JobOrder> created = Collections.synchronizedList(new ArrayList<>());
    final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger collects = new AtomicInteger();

    private volatile WorkflowClient client;
    private volatile int rejectedBy;
    private volatile int signUpTo = Integer.MAX_VALUE;
    private volatile boolean duplicated;
    private volatile boolean cancelRefused;

    void connect(WorkflowClient client) {
        this.client = client;
    }

    /** Signer {@code index} rejects after the ones before signed. */
    FakeOrderedJobs rejectedBy(int index) {
        this.rejectedBy = index;
        return this;
    }

    /** Only signers up to {@code index} sign; the job then waits for the next one (0: nobody signs). */
    FakeOrderedJobs signUpTo(int index) {
        this.signUpTo = index;
        return this;
    }

    /** Every change is signalled twice, as after a poller restart between signal and confirmation. */
    FakeOrderedJobs duplicated() {
        this.duplicated = true;
        return this;
    }

    /** The provider answers a cancel with "the job has ended". */
    FakeOrderedJobs cancelRefused() {
        this.cancelRefused = true;
        return this;
    }

    @Override
    public CreatedJob createJob(JobOrder order) {
        created.add(order);
        String jobRef = "job-" + created.size();
        ContractWorkflow workflow =
                client.newWorkflowStub(ContractWorkflow.class, ContractWorkflow.workflowId(order.contractId()));
        int n = order.signerCount();
        int change = 0;
        for (int turn = 1; turn <= n && turn <= signUpTo; turn++) {
            boolean rejects = turn == rejectedBy;
            List<JobStatusChange.Position> positions = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                JobSignerState state;
                if (i < turn) {
                    state = JobSignerState.SIGNED;
                } else if (i == turn) {
                    state = rejects ? JobSignerState.REJECTED : JobSignerState.SIGNED;
                } else {
                    state = rejects ? JobSignerState.NOT_APPLICABLE : JobSignerState.WAITING;
                }
                positions.add(new JobStatusChange.Position(i, state, Instant.parse("2026-01-01T00:00:00Z")));
            }
            JobState state = rejects ? JobState.FAILED : turn == n ? JobState.COMPLETED : JobState.IN_PROGRESS;
            JobStatusChange signal = new JobStatusChange("change-" + ++change, jobRef, state, positions);
            workflow.jobStatusChanged(signal);
            if (duplicated) {
                workflow.jobStatusChanged(signal);
            }
            if (rejects) {
                break;
            }
        }
        return new CreatedJob(jobRef);
    }

    @Override
    public boolean cancelJob(String contractId, String jobRef) {
        cancelled.add(jobRef);
        return !cancelRefused;
    }

    @Override
    public DocumentVersionRef collectJobDocument(String contractId, String jobRef, int signerCount) {
        collects.incrementAndGet();
        return new DocumentVersionRef(contractId, signerCount);
    }
}
