package no.signchain.workflows.contract;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
    private final SigningActivities plainSigning = Workflow.newActivityStub(SigningActivities.class);
    private final ContractRecordActivities plainRecords = Workflow.newActivityStub(ContractRecordActivities.class);

    Timeline() {
        this.summaries =
                Workflow.getVersion(ContractWorkflowChanges.TIMELINE_SUMMARIES, Workflow.DEFAULT_VERSION, 1) >= 1;
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
            scope.cancel();
            return true;
        }
        return condition.get();
    }
}
