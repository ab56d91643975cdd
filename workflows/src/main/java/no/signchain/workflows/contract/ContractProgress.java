package no.signchain.workflows.contract;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a contract's progress: answered by the workflow's query, and written to signchain's database
 * after every transition so the API can serve it without Temporal.
 *
 * @param currentSigner  1-based index of the signer whose step runs now, or 0 when none does
 * @param latestDocument the newest stored document version (the final one once completed)
 * @param reason         why the contract ended other than completed, in words; null otherwise
 * @param updatedAt      workflow time of the snapshot
 * @param sequence       the snapshot's number among the contract's recorded snapshots, counting on across runs; 0
 *                       from workers before snapshots were numbered. Workflow time cannot order snapshots: those
 *                       recorded in one workflow task share it, and a task run again after its local activities
 *                       wrote them writes them again, in the same order, at a later time. Its number is the same
 *                       each time, so the store keeps the newest, never rolled back by a repeat.
 */
public record ContractProgress(
        String contractId,
        ContractStatus status,
        ContractPhase phase,
        int currentSigner,
        List<SignerProgress> signers,
        DocumentVersionRef latestDocument,
        String reason,
        Instant updatedAt,
        long sequence) {

    public ContractProgress {
        signers = List.copyOf(signers);
    }
}
