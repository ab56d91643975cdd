package no.signchain.store.contract;

import java.time.Instant;
import java.util.List;
import no.signchain.workflows.contract.ContractPhase;
import no.signchain.workflows.contract.ContractStatus;

/** A contract as signchain's database holds it. */
public record ContractRecord(
        String id,
        String title,
        String externalRef,
        ContractStatus status,
        ContractPhase phase,
        int signerCount,
        int currentSigner,
        int latestVersion,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        Instant workflowStartedAt,
        List<SignerRecord> signers) {

    public ContractRecord {
        signers = List.copyOf(signers);
    }
}
