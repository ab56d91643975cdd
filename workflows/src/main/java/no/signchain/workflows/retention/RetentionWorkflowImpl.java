package no.signchain.workflows.retention;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * Erases batch after batch until a batch finds fewer contracts than it could take. Due contracts are those that
 * ended before the run's start (workflow time) less the policy's retention, fixed for the whole run, so a run ends
 * even while contracts keep ending. A run that has erased many batches continues as a new run, keeping its history
 * short; the next batch of a new run simply finds what is left.
 */
public class RetentionWorkflowImpl implements RetentionWorkflow {

    /** Batches per run before it continues as new: about 3 history events each. */
    static final int BATCHES_PER_RUN = 200;

    private static final ActivityOptions ERASE = ActivityOptions.newBuilder()
            // A batch is a hundred or so short transactions; minutes mean the database is in trouble.
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(5))
                    .setMaximumInterval(Duration.ofMinutes(5))
                    .build())
            // The schedule starts the next run tomorrow; a database down all day should not pile up retries.
            .setScheduleToCloseTimeout(Duration.ofHours(12))
            .build();

    @Override
    public RetentionOutcome run(RetentionPolicy policy) {
        Instant endedBefore = Instant.ofEpochMilli(Workflow.currentTimeMillis()).minus(policy.afterEnd());
        int erased = 0;
        for (int batch = 1; batch <= BATCHES_PER_RUN; batch++) {
            RetentionActivities activities = Workflow.newActivityStub(
                    RetentionActivities.class,
                    ActivityOptions.newBuilder(ERASE)
                            .setSummary("erase batch " + batch + " of contracts ended before " + endedBefore)
                            .build());
            ErasedBatch done = activities.eraseEndedBefore(endedBefore, policy.batchSize());
            erased += done.erased();
            if (done.found() < policy.batchSize()) {
                return new RetentionOutcome(endedBefore, erased);
            }
        }
        Workflow.continueAsNew(policy);
        return new RetentionOutcome(endedBefore, erased);
    }
}
