package no.signchain.workflows.signing;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** See {@link LateSessionSweepWorkflow}. */
public class LateSessionSweepWorkflowImpl implements LateSessionSweepWorkflow {

    private static final ActivityOptions SWEEP = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .build())
            // A provider down for a day: the late session, unknown to anyone, expires at its due date anyway.
            .setScheduleToCloseTimeout(Duration.ofDays(1))
            .build();

    @Override
    public int sweep(LateSessionSweep sweep) {
        Workflow.sleep(sweep.after());
        SigningActivities signing = Workflow.newActivityStub(
                SigningActivities.class,
                ActivityOptions.newBuilder(SWEEP)
                        .setSummary("withdraw late sessions of signer "
                                + sweep.step().signerIndex())
                        .build());
        return signing.withdrawLateSessions(sweep.step(), sweep.sessionAttempt());
    }
}
