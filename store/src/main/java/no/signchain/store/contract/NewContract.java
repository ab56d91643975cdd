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
 * @param provider       the signing service its signers sign at ({@code signicat-v2}, {@code zignsec}, {@code signicat-v1})
 */
public record NewContract(
        String owner,
        String title,
        String externalRef,
        String idempotencyKey,
        List<NewSigner> signers,
        String callbackUrl,
        ReminderSchedule reminders,
        String provider) {

    /** The provider every contract had before there was a choice. */
    public static final String FIRST_PROVIDER = "signicat-v2";

    public NewContract {
        signers = List.copyOf(signers);
        provider = provider == null ? FIRST_PROVIDER : provider;
    }

    /** A contract on the first provider, Signicat Sign API v2. */
    public NewContract(
            String owner,
            String title,
            String externalRef,
            String idempotencyKey,
            List<NewSigner> signers,
            String callbackUrl,
            ReminderSchedule reminders) {
        this(owner, title, externalRef, idempotencyKey, signers, callbackUrl, reminders, FIRST_PROVIDER);
    }
}
