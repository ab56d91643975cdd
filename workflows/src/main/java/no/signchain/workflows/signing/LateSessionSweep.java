package no.signchain.workflows.signing;

import java.time.Duration;
import java.util.Objects;

/**
 * A sweep of the sessions a signer's step may have left at the provider when an answer to "open a session" was lost:
 * the provider may act on such a request after signchain gave up on it, so a session can surface beside the one
 * signchain kept, later than any look at the time of opening could see.
 *
 * @param sessionAttempt which of the step's sessions (1, or more after replacements of the signer)
 * @param after          how long to wait before looking: longer than a lost request can take to be acted on
 */
public record LateSessionSweep(SignerStep step, int sessionAttempt, Duration after) {
    public LateSessionSweep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(after, "after");
    }

    /** The sweep's workflow id: one per retried attempt to open, so each lost request is waited out. */
    public String workflowId(int activityAttempt) {
        return "late-session-sweep-" + step.contractId() + "-" + step.signerIndex() + "-" + sessionAttempt + "-"
                + activityAttempt;
    }
}
