package no.signchain.store.contract;

import java.time.Instant;
import java.util.List;
import no.signchain.workflows.contract.ContractPhase;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.ReminderSchedule;

/**
 * A contract as signchain's database holds it.
 *
 * @param callbackUrl where its callbacks go; null when the business system named none
 * @param reminders when its current signer is reminded; {@link ReminderSchedule#NONE} for contracts from before reminders
 * @param erasedAt when its documents and personal data were erased; null while they are kept
 * @param provider the signing service its signers sign at
 */
public record ContractRecord(
        String id,
        String owner,
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
        String callbackUrl,
        ReminderSchedule reminders,
        Instant erasedAt,
        String provider) {

    public ContractRecord {
        signers = List.copyOf(signers);
    }
}
