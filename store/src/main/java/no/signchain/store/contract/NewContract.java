package no.signchain.store.contract;

import java.util.List;

/**
 * A contract as a business system submitted it, validated, before it is stored.
 *
 * @param externalRef    the business system's own reference; a second submission with it returns the first contract
 * @param idempotencyKey the {@code Idempotency-Key} header, with the same effect
 * @param callbackUrl    where this contract's callbacks go, checked at intake; null for none
 */
public record NewContract(
        String title, String externalRef, String idempotencyKey, List<NewSigner> signers, String callbackUrl) {
    public NewContract {
        signers = List.copyOf(signers);
    }

    /** A contract without a callback URL. */
    public NewContract(String title, String externalRef, String idempotencyKey, List<NewSigner> signers) {
        this(title, externalRef, idempotencyKey, signers, null);
    }
}
