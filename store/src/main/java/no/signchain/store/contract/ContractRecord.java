package no.signchain.store.contract;

import java.time.Instant;
import java.util.List;
import no.signchain.workflows.contract.ContractPhase;
import no.signchain.workflows.contract.ContractStatus;

/**
 * A contract as signchain's database holds it.
 *
 * @param callbackUrl where its callbacks go; null when the business system named none
 */
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
        List<SignerRecord> signers,
        String callbackUrl) {

    public ContractRecord {
        signers = List.copyOf(signers);
    }

    /** A contract without a callback URL. */
    public ContractRecord(
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
        this(
                id,
                title,
                externalRef,
                status,
                phase,
                signerCount,
                currentSigner,
                latestVersion,
                reason,
                createdAt,
                updatedAt,
                workflowStartedAt,
                signers,
                null);
    }
}
