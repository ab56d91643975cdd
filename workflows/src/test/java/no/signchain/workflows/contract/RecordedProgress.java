package no.signchain.workflows.contract;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import no.signchain.workflows.signing.SignerStep;

/** Keeps every snapshot the workflow records, in order. */
final class RecordedProgress implements ContractRecordActivities {
    final List<ContractProgress> snapshots = new CopyOnWriteArrayList<>();
    /** Replacements applied, as "signer index/replacement id". */
    final List<String> replacements = new CopyOnWriteArrayList<>();

    /** Progress records still to fail, as a database that does not answer would. */
    private final AtomicInteger failures = new AtomicInteger();
    /** Every progress record tried, failed ones included. */
    final AtomicInteger attempts = new AtomicInteger();

    /** Runs once, while the first snapshot of an ended contract is written: something arriving meanwhile. */
    private final AtomicReference<Runnable> whileEnding = new AtomicReference<>();

    RecordedProgress whileTheEndIsWritten(Runnable arrival) {
        whileEnding.set(arrival);
        return this;
    }

    @Override
    public void recordProgress(ContractProgress progress) {
        attempts.incrementAndGet();
        if (progress.status() != ContractStatus.ACTIVE) {
            Runnable arrival = whileEnding.getAndSet(null);
            if (arrival != null) {
                arrival.run();
            }
        }
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("the database did not answer");
        }
        snapshots.add(progress);
    }

    RecordedProgress failNext(int count) {
        failures.set(count);
        return this;
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
