package no.signchain.store.contract;

import java.util.List;
import no.signchain.workflows.contract.ReminderSchedule;

/**
 * A contract as a business system submitted it, validated, before it is stored.
 *
 * @param owner          the API client that submitted it; only that client sees it
 * @param externalRef    the business system's own reference; a second submission with it returns the first contract
 * @param idempotencyKey the {@code Idempotency-Key} header, with the same effect
 * @param callbackUrl    where this contract's callbacks go, checked at intake; null for none
 * @param reminders      when the current signer is reminded
 */
public record NewContract(
        String owner,
        String title,
        String externalRef,
        String idempotencyKey,
        List<NewSigner> signers,
        String callbackUrl,
        ReminderSchedule reminders) {
    public NewContract {
        signers = List.copyOf(signers);
    }
}
