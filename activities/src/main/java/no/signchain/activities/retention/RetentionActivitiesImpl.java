package no.signchain.activities.retention;

import java.time.Instant;
import java.util.List;
import no.signchain.store.erasure.ContractErasure;
import no.signchain.workflows.retention.ErasedBatch;
import no.signchain.workflows.retention.RetentionActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Erases due contracts exactly as {@code DELETE /api/v1/contracts/{id}} does, with actor {@code retention}. */
public class RetentionActivitiesImpl implements RetentionActivities {

    private static final Logger log = LoggerFactory.getLogger(RetentionActivitiesImpl.class);

    private final ContractErasure erasure;

    public RetentionActivitiesImpl(ContractErasure erasure) {
        this.erasure = erasure;
    }

    @Override
    public ErasedBatch eraseEndedBefore(Instant endedBefore, int batchSize) {
        List<String> due = erasure.retainedEndedBefore(endedBefore, batchSize);
        int erased = 0;
        for (String contractId : due) {
            if (erasure.erase(contractId, "retention") == ContractErasure.Outcome.ERASED) {
                erased++;
            }
        }
        if (erased > 0) {
            log.info("Retention erased {} contract(s) that ended before {}", erased, endedBefore);
        }
        return new ErasedBatch(due.size(), erased);
    }
}
