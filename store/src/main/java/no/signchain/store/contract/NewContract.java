package no.signchain.store.contract;

import java.util.List;

/**
 * A contract as a business system submitted it, validated, before it is stored.
 *
 * @param externalRef    the business system's own reference; a second submission with it returns the first contract
 * @param idempotencyKey the {@code Idempotency-Key} header, with the same effect
 */
public record NewContract(String title, String externalRef, String idempotencyKey, List<NewSigner> signers) {
    public NewContract {
        signers = List.copyOf(signers);
    }
}
