package no.signchain.workflows.contract;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import no.signchain.workflows.job.OrderedJobActivities;
import no.signchain.workflows.reminder.ReminderActivities;
import no.signchain.workflows.signing.SigningActivities;
import no.signchain.workflows.verification.VerificationActivities;

/**
 * Makes the workflow's event history read as the story of the chain in the Temporal Web UI: every activity and
 * timer carries a one-line summary ("open signer 2 of 3's session", "wait for signer 2 of 3's decision"). Summaries
 * never name a person.
 *
 * <p>Contracts started before summaries existed ({@link ContractWorkflowChanges#TIMELINE_SUMMARIES} at the default
 * version) keep their original commands: plain stubs and {@code Workflow.await} with a timeout.
 */
final class Timeline {

    private final boolean summaries;
    private final boolean localProgressRecords;
    private final SigningActivities plainSigning = Workflow.newActivityStub(SigningActivities.class);
    private final ContractRecordActivities plainRecords = Workflow.newActivityStub(ContractRecordActivities.class);

    Timeline() {
        this.summaries =
                Workflow.getVersion(ContractWorkflowChanges.TIMELINE_SUMMARIES, Workflow.DEFAULT_VERSION, 1) >= 1;
        this.localProgressRecords =
                Workflow.getVersion(ContractWorkflowChanges.LOCAL_PROGRESS_RECORDS, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    /** The signing activities, the next call summarised as given. */
    SigningActivities signing(String summary) {
        return summaries
                ? Workflow.newActivityStub(
                        SigningActivities.class,
                        ActivityOptions.newBuilder().setSummary(summary).build())
                : plainSigning;
    }

    /** The verification activities, the next call summarised as given. Only contracts with summaries verify. */
    VerificationActivities verification(String summary) {
        return Workflow.newActivityStub(
                VerificationActivities.class,
                ActivityOptions.newBuilder().setSummary(summary).build());
    }

    /** The activities of a provider that orders signers itself, the next call summarised as given. */
    OrderedJobActivities orderedJobs(String summary) {
        return Workflow.newActivityStub(
                OrderedJobActivities.class,
                ActivityOptions.newBuilder().setSummary(summary).build());
    }

    /** The reminder activities, the next call summarised as given. */
    ReminderActivities reminders(String summary) {
        return Workflow.newActivityStub(
                ReminderActivities.class,
                ActivityOptions.newBuilder().setSummary(summary).build());
    }

    ContractRecordActivities records(String summary) {
        return summaries
                ? Workflow.newActivityStub(
                        ContractRecordActivities.class,
                        ActivityOptions.newBuilder().setSummary(summary).build())
                : plainRecords;
    }

    /**
     * Records a progress snapshot in signchain's database. Since {@link ContractWorkflowChanges#LOCAL_PROGRESS_RECORDS}
     * first as a local activity: the write runs in this worker inside the workflow task, where a normal activity costs
     * a round trip through the server's queue (a handoff records five snapshots). A local activity is retried only
     * briefly (see {@link ContractActivityPolicies}); if the database still does not answer, the normal activity takes
     * over and is retried until it does, as before, without a history event per retry. A snapshot written twice
     * changes nothing, nor does one written again after a later one: a workflow task run again writes its local
     * activities' snapshots again, and the store keeps the highest {@link ContractProgress#sequence()}. The snapshot
     * is not copied into the local activity's marker: the workflow holds it (the {@code progress} query), and five
     * copies per handoff would only grow the history.
     */
    void recordProgress(String summary, ContractProgress progress) {
        if (localProgressRecords) {
            try {
                Workflow.newLocalActivityStub(
                                ContractRecordActivities.class,
                                LocalActivityOptions.newBuilder()
                                        .setSummary(summary)
                                        .setDoNotIncludeArgumentsIntoMarker(true)
                                        .build())
                        .recordProgress(progress);
                return;
            } catch (ActivityFailure notRecordedLocally) {
                if (notRecordedLocally.getCause() instanceof CanceledFailure
                        || CancellationScope.current().isCancelRequested()) {
                    throw notRecordedLocally;
                }
            }
        }
        records(summary).recordProgress(progress);
    }

    /** Waits until the condition holds or the time is up, whichever is first; true when the condition held. */
    boolean await(Duration timeout, String summary, Supplier<Boolean> condition) {
        if (!summaries) {
            return Workflow.await(timeout, condition);
        }
        // Workflow.await with a timeout cannot carry a summary: an explicit timer, cancelled if the condition wins.
        AtomicReference<Promise<Void>> timer = new AtomicReference<>();
        CancellationScope scope = Workflow.newCancellationScope(() -> timer.set(Workflow.newTimer(
                timeout, TimerOptions.newBuilder().setSummary(summary).build())));
        scope.run();
        Workflow.await(() -> timer.get().isCompleted() || condition.get());
        if (!timer.get().isCompleted()) {
            // The cancelled timer fails, as expected: a handler reads that failure, or the SDK would log it as
            // "never accessed" each time the contract leaves a worker's cache (sdk-java#631). No command changes.
            timer.get().exceptionally(cancelled -> null);
            scope.cancel();
            return true;
        }
        return condition.get();
    }
}
