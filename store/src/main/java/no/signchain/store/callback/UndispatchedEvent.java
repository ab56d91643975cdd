package no.signchain.store.callback;

import java.time.Instant;

/**
 * A recorded event whose deliveries do not exist yet, with what its body and targets are made from.
 *
 * @param seq         its place in the order of events
 * @param id          the webhook-id of its deliveries, as a uuid
 * @param callbackUrl the contract's callback URL, if it has one
 */
public record UndispatchedEvent(
        long seq,
        String id,
        String contractId,
        String externalRef,
        String callbackUrl,
        CallbackEventType type,
        Instant occurredAt,
        Integer signerIndex,
        String signerName,
        String signatureUrl,
        String reason) {}
