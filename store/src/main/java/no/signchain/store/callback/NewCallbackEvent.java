package no.signchain.store.callback;

import java.time.Instant;
import java.util.Objects;

/**
 * An event to record for the callbacks of one contract, in the transaction of the state change it reports.
 *
 * @param occurredAt   when the change happened (workflow time for what the workflow reports)
 * @param signerIndex  1-based; for {@code signer.*} events, null otherwise
 * @param signerName   the signer's name as submitted; never an identity number
 * @param signatureUrl where the signer signs; {@code signer.session_opened} only
 * @param reason       why a contract or step ended other than as hoped, in words
 * @param dedupeKey    optional: a second event of this contract with the same key is not recorded, so a retried
 *                     caller (a Temporal activity) records its event once
 */
public record NewCallbackEvent(
        String contractId,
        CallbackEventType type,
        Instant occurredAt,
        Integer signerIndex,
        String signerName,
        String signatureUrl,
        String reason,
        String dedupeKey) {

    public NewCallbackEvent {
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** A {@code contract.*} event. */
    public static NewCallbackEvent contract(
            String contractId, CallbackEventType type, Instant occurredAt, String reason) {
        return new NewCallbackEvent(contractId, type, occurredAt, null, null, null, reason, null);
    }

    /** A {@code signer.*} event without a signature URL. */
    public static NewCallbackEvent signer(
            String contractId, CallbackEventType type, Instant occurredAt, int signerIndex, String signerName) {
        return new NewCallbackEvent(contractId, type, occurredAt, signerIndex, signerName, null, null, null);
    }

    public NewCallbackEvent withSignatureUrl(String url) {
        return new NewCallbackEvent(contractId, type, occurredAt, signerIndex, signerName, url, reason, dedupeKey);
    }

    public NewCallbackEvent withReason(String text) {
        return new NewCallbackEvent(
                contractId, type, occurredAt, signerIndex, signerName, signatureUrl, text, dedupeKey);
    }

    public NewCallbackEvent withDedupeKey(String key) {
        return new NewCallbackEvent(contractId, type, occurredAt, signerIndex, signerName, signatureUrl, reason, key);
    }
}
