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
 */
public record ContractProgress(
        String contractId,
        ContractStatus status,
        ContractPhase phase,
        int currentSigner,
        List<SignerProgress> signers,
        DocumentVersionRef latestDocument,
        String reason,
        Instant updatedAt) {

    public ContractProgress {
        signers = List.copyOf(signers);
    }
}
