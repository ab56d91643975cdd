package no.signchain.activities.contract;

import no.signchain.store.contract.ContractRepository;
import no.signchain.workflows.contract.ContractProgress;
import no.signchain.workflows.contract.ContractRecordActivities;

/** Writes the workflow's progress snapshots to signchain's database. */
public class ContractRecordActivitiesImpl implements ContractRecordActivities {

    private final ContractRepository contracts;

    public ContractRecordActivitiesImpl(ContractRepository contracts) {
        this.contracts = contracts;
    }

    @Override
    public void recordProgress(ContractProgress progress) {
        contracts.recordProgress(progress);
    }
}
