package no.signchain.activities.contract;

import no.signchain.store.audit.ContractEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.SignerReplacements;
import no.signchain.workflows.contract.ContractEventNote;
import no.signchain.workflows.contract.ContractProgress;
import no.signchain.workflows.contract.ContractRecordActivities;
import no.signchain.workflows.signing.SignerStep;

/** Writes the workflow's progress, replacements and audit notes to signchain's database. */
public class ContractRecordActivitiesImpl implements ContractRecordActivities {

    private final ContractRepository contracts;
    private final SignerReplacements replacements;
    private final ContractEvents events;

    public ContractRecordActivitiesImpl(
            ContractRepository contracts, SignerReplacements replacements, ContractEvents events) {
        this.contracts = contracts;
        this.replacements = replacements;
        this.events = events;
    }

    @Override
    public void recordProgress(ContractProgress progress) {
        contracts.recordProgress(progress);
    }

    @Override
    public void noteEvent(ContractEventNote note) {
        events.record(note.contractId(), note.kind(), note.actor(), note.signerIndex(), note.detail());
    }

    @Override
    public void applyReplacement(SignerStep step, String replacementId) {
        replacements.apply(step.contractId(), step.signerIndex(), replacementId);
    }
}
