package no.signchain.workflows.contract;

/**
 * Every {@code Workflow.getVersion} change id of the contract workflow, oldest first. A running contract replays the
 * code it started with: each id marks a point where newer code takes another path, and contracts started before it
 * (the id at {@code Workflow.DEFAULT_VERSION}) keep the old one. The recorded histories under
 * {@code src/test/resources/histories/contract-v<n>-*.json} carry each generation; {@code HistoryRecorder} records
 * the newest.
 *
 * <p>Add a change here, never reuse or rename one, and call {@code getVersion} for it at the same point in the run
 * each time: the ids below are read in this order today (operator view, timeline, then the run's own).
 */
final class ContractWorkflowChanges {

    /** v2: search attributes upserted for operators ({@link OperatorView}); before it, current details only. */
    static final String OPERATOR_SEARCH_ATTRIBUTES = "operator-search-attributes";

    /** v3: a summary on every activity and timer ({@link Timeline}); before it, plain stubs and awaits. */
    static final String TIMELINE_SUMMARIES = "timeline-summaries";

    /**
     * v4: history is bounded. Quiet reads back off, and long waits continue as a new run; before it, a read every
     * reconcile interval in one run.
     */
    static final String BOUNDED_HISTORY = "bounded-history";

    /**
     * v4: a step whose session cannot be read or withdrawn for good ends FAILED with its session withdrawn, and a
     * withdrawal at the deadline is followed by one more read; before it, such a failure failed the workflow.
     */
    static final String SESSION_ENDINGS = "session-endings";

    /**
     * v5: every signed version is verified (an activity) before the next signer's session opens; a version that
     * fails ends the contract FAILED. Before it, the chain went on from whatever the provider returned.
     */
    static final String VERIFY_EACH_VERSION = "verify-each-version";

    /**
     * v6: lifecycle controls (cancel, replace a signer, change a deadline, remind) as updates, and scheduled reminders.
     * Before it, the validators refuse every control.
     */
    static final String LIFECYCLE_CONTROLS = "lifecycle-controls";

    /**
     * v7: progress snapshots are recorded by a local activity ({@link Timeline#recordProgress}), in the worker that runs
     * the workflow task, with no server round trip (a handoff recorded five of them); the normal activity only when the
     * local one gave up. Before it, always the normal activity.
     */
    static final String LOCAL_PROGRESS_RECORDS = "local-progress-records";

    /**
     * v8: a contract whose plan says {@link SigningMode#ORDERED_JOB} runs one job at a provider that orders signers
     * itself, driven by status-change signals, instead of a session per signer. Read only for such plans (chains never
     * carry the marker, so their histories are unchanged); at the default version such a plan runs as a chain, which
     * no contract started before this change can have asked for.
     */
    static final String ORDERED_JOBS = "ordered-jobs";

    /**
     * v9: a chain's wait for a decision reads the session with {@code ReadSessionAndCollect}, which keeps the signed
     * document in the same activity, so a signature is followed by verification one server round trip sooner (and
     * without the collecting phase). Read once per run of a chain, after the ids above. Before it, a read and then
     * {@code CollectSignedDocument}, which still collects what that read could not keep, and a signature found after
     * a withdrawal.
     */
    static final String COLLECT_ON_READ = "collect-on-read";

    // Not a change id: progress snapshots carry a number (ContractProgress.sequence), counted in workflow
    // state and carried to a new run. It changes no command and no marker, only the snapshot's data, so replay
    // (ContractWorkflowReplayTest, every recorded history) is unaffected and a replayed run numbers its snapshots as
    // a fresh one would; a version would only add a marker to every history.

    private ContractWorkflowChanges() {}
}
