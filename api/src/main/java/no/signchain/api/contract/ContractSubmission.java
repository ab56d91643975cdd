package no.signchain.api.contract;

import java.util.List;

/**
 * The {@code contract} part of {@code POST /api/v1/contracts}.
 *
 * @param externalRef the business system's reference; submitting it again returns the same contract
 * @param callbackUrl where this contract's callbacks go (https; see the README's Callbacks section); optional
 * @param reminders   when the current signer is reminded; absent for signchain's default
 * @param provider    the signing service the signers sign at ({@code signicat-v2}, {@code zignsec}, {@code signicat-v1}, {@code posten}); absent for the
 *                    installation's default
 */
public record ContractSubmission(
        String title,
        String externalRef,
        List<SignerSubmission> signers,
        String callbackUrl,
        ReminderSubmission reminders,
        String provider) {

    /** A submission with neither a callback URL nor its own reminders. */
    public ContractSubmission(String title, String externalRef, List<SignerSubmission> signers) {
        this(title, externalRef, signers, null, null, null);
    }
}
