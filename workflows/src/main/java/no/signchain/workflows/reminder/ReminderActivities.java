package no.signchain.workflows.reminder;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import no.signchain.workflows.signing.SignerStep;

/** Reminds a signer whose session is open: a callback to the business system, and an e-mail where there is one. */
@ActivityInterface
public interface ReminderActivities {

    /**
     * Sends the reminder once: a retried attempt with the same {@code reminderId} sends nothing again once it has
     * been recorded as sent.
     *
     * @param reminderId the workflow's id for this reminder (deterministic), so retries are recognised
     * @param actor      who asked: {@code schedule}, {@code api} or {@code operator:<name>}
     */
    @ActivityMethod
    void remindSigner(SignerStep step, String reminderId, String actor);
}
