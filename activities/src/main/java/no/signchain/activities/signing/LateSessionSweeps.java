package no.signchain.activities.signing;

import no.signchain.workflows.signing.SignerStep;

/**
 * Where a retried openSession asks for a later look at the provider (a {@code LateSessionSweepWorkflow}): a request
 * whose answer was lost may be acted on after the retry has looked, leaving a second session nobody was sent to.
 */
public interface LateSessionSweeps {

    /** Ask for a sweep of the step's sessions later; asking again for the same activity attempt is harmless. */
    void schedule(SignerStep step, int sessionAttempt);
}
