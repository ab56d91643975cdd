package no.signchain.workflows.retention;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;

/** Erases the documents and personal data of contracts past their retention, a batch at a time. */
@ActivityInterface
public interface RetentionActivities {

    /**
     * Erases up to {@code batchSize} contracts that ended before {@code endedBefore} and still hold personal data,
     * oldest end first, each in its own transaction: a retried or cut-short batch redoes only what is left.
     */
    @ActivityMethod
    ErasedBatch eraseEndedBefore(Instant endedBefore, int batchSize);
}
