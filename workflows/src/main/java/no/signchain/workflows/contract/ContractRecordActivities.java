package no.signchain.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import no.signchain.workflows.signing.SignerStep;

/** Keeps signchain's own database in step with the workflow, so the API answers without asking Temporal. */
@ActivityInterface
public interface ContractRecordActivities {

    /** Store the snapshot; an older snapshot arriving after a newer one changes nothing. */
    @ActivityMethod
    void recordProgress(ContractProgress progress);

    /** Add an entry to the contract's audit trail for something only the workflow knows of. */
    @ActivityMethod
    void noteEvent(ContractEventNote note);

    /** Put the pending replacement in the signer's place; applying it twice changes nothing. */
    @ActivityMethod
    void applyReplacement(SignerStep step, String replacementId);
}
