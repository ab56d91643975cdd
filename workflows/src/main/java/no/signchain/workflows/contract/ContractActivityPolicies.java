package no.signchain.workflows.contract;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.Map;

/**
 * Timeouts and retries of the contract workflow's activities, kept out of workflow code so they can change
 * without touching history (options are not part of the replayed command sequence).
 *
 * <p>Retries are the only retry layer: the Sign API client itself never retries. Permanent errors (a 4xx from
 * the provider other than 429) are thrown by the activities as non-retryable failures.
 */
public final class ContractActivityPolicies {

    /** How soon a document transfer on a dead worker is retried elsewhere. */
    public static final Duration DOCUMENT_TRANSFER_HEARTBEAT = Duration.ofSeconds(15);

    private ContractActivityPolicies() {}

    /** The policies with the default retry pace (a worker's {@code signchain.activities} settings may change it). */
    public static WorkflowImplementationOptions workflowImplementationOptions() {
        return workflowImplementationOptions(Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    /**
     * @param firstRetry  the wait before the first retry
     * @param maxInterval the longest wait between retries
     */
    public static WorkflowImplementationOptions workflowImplementationOptions(
            Duration firstRetry, Duration maxInterval) {
        RetryOptions retry = RetryOptions.newBuilder()
                .setInitialInterval(firstRetry)
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(maxInterval)
                .build();
        ActivityOptions quickCall = ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(retry)
                .build();
        // Reading or withdrawing a session during a provider outage is retried for hours, not for ever: the contract
        // then ends FAILED instead of waiting past its signer's deadline. Recording progress in signchain's own
        // database keeps the plain quick-call policy (retried until the database answers).
        ActivityOptions providerCall = ActivityOptions.newBuilder(quickCall)
                .setScheduleToCloseTimeout(Duration.ofHours(6))
                .build();
        // Moving a PDF takes longer than a status read: two minutes moves a 25 MB PDF over a slow link. These
        // activities heartbeat from a side thread while they run, so when the worker running one dies (the failover
        // scenario) the server retries it elsewhere after the heartbeat timeout, not after the full two minutes. A
        // provider outage of hours ends the contract as FAILED instead of leaving it open forever.
        ActivityOptions documentTransfer = ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(DOCUMENT_TRANSFER_HEARTBEAT)
                .setScheduleToCloseTimeout(Duration.ofHours(6))
                .setRetryOptions(retry)
                .build();
        // Verifying a version reads two versions and runs DSS over the newer one: seconds for a contract, a minute or
        // more for a 50 MB PDF. It heartbeats like a document transfer, and is retried while the database or a
        // provider read fails (a failed check is a result, not a failure).
        ActivityOptions verification = ActivityOptions.newBuilder(documentTransfer)
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .build();
        // Recording progress runs as a local activity since LOCAL_PROGRESS_RECORDS (Timeline#recordProgress), retried
        // in the worker for as long as the longest wait between retries; then the normal RecordProgress activity takes
        // over, retried until the database answers. The time limit is needed for retries at all: the SDK does not
        // retry a local activity that has neither a schedule-to-close timeout nor a maximum of attempts.
        LocalActivityOptions localRecord = LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(quickCall.getStartToCloseTimeout())
                .setScheduleToCloseTimeout(maxInterval)
                .setRetryOptions(retry)
                .build();
        return WorkflowImplementationOptions.newBuilder()
                .setDefaultActivityOptions(quickCall)
                // Every activity type is listed, not left to the default: stubs created with options of their own (a
                // summary) do not inherit the default activity options, but the per-type options apply to them.
                .setActivityOptions(Map.ofEntries(
                        Map.entry("OpenSession", documentTransfer),
                        Map.entry("CollectSignedDocument", documentTransfer),
                        // A read that may move the signed PDF: a document transfer's limits and heartbeat.
                        Map.entry("ReadSessionAndCollect", documentTransfer),
                        Map.entry("ReadSession", providerCall),
                        Map.entry("WithdrawSession", providerCall),
                        Map.entry("VerifySignedVersion", verification),
                        Map.entry("ChangeSessionDueDate", providerCall),
                        Map.entry("ApplyReplacement", quickCall),
                        Map.entry("RemindSigner", quickCall),
                        Map.entry("RecordProgress", quickCall),
                        Map.entry("NoteEvent", quickCall),
                        // Create is not idempotent at the provider: the activity returns a handle an earlier attempt
                        // stored, but an attempt lost between the provider's answer and the store can leave a second
                        // job (see README, Posten).
                        Map.entry("CreateJob", documentTransfer),
                        Map.entry("CancelJob", providerCall),
                        Map.entry("CollectJobDocument", documentTransfer)))
                .setLocalActivityOptions(Map.of("RecordProgress", localRecord))
                .build();
    }
}
