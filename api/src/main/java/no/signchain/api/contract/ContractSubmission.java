package no.signchain.api.contract;

import java.util.List;

/**
 * The {@code contract} part of {@code POST /api/v1/contracts}.
 *
 * @param externalRef the business system's reference; submitting it again returns the same contract
 * @param reminders   when the current signer is reminded; absent for signchain's default
 */
public record ContractSubmission(
        String title, String externalRef, List<SignerSubmission> signers, ReminderSubmission reminders) {}
