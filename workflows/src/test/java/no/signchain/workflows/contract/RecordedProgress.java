package no.signchain.workflows.contract;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every snapshot the workflow records, in order. */
final class RecordedProgress implements ContractRecordActivities {
    final List<ContractProgress> snapshots = new CopyOnWriteArrayList<>();

    @Override
    public void recordProgress(ContractProgress progress) {
        snapshots.add(progress);
    }

    ContractProgress last() {
        return snapshots.get(snapshots.size() - 1);
    }
}
