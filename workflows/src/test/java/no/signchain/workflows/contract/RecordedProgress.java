package no.signchain.workflows.contract;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import no.signchain.workflows.signing.SignerStep;

/** Keeps every snapshot the workflow records, in order. */
final class RecordedProgress implements ContractRecordActivities {
    final List<ContractProgress> snapshots = new CopyOnWriteArrayList<>();
    /** Replacements applied, as "signer index/replacement id". */
    final List<String> replacements = new CopyOnWriteArrayList<>();

    @Override
    public void recordProgress(ContractProgress progress) {
        snapshots.add(progress);
    }

    /** Audit notes, as "kind/actor". */
    final List<String> notes = new CopyOnWriteArrayList<>();

    @Override
    public void noteEvent(ContractEventNote note) {
        notes.add(note.kind() + "/" + note.actor());
    }

    @Override
    public void applyReplacement(SignerStep step, String replacementId) {
        replacements.add(step.signerIndex() + "/" + replacementId);
    }

    ContractProgress last() {
        return snapshots.get(snapshots.size() - 1);
    }
}
