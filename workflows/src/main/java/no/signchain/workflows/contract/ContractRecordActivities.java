package no.signchain.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Keeps signchain's own database in step with the workflow, so the API answers without asking Temporal. */
@ActivityInterface
public interface ContractRecordActivities {

    /** Store the snapshot; an older snapshot arriving after a newer one changes nothing. */
    @ActivityMethod
    void recordProgress(ContractProgress progress);
}
