package no.signchain.store.callback;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery one sender holds the lease of, for one attempt.
 *
 * @param eventId    the webhook-id, as a uuid: the same on every attempt and redelivery
 * @param payload    the body, the same on every attempt and redelivery
 * @param attempt    this attempt's number since the delivery was created or last redelivered (1 for the first)
 * @param attemptId  the row recording this attempt
 * @param leaseToken proves the lease is still this sender's when the outcome is stored
 */
public record ClaimedDelivery(
        String id,
        String eventId,
        CallbackEventType type,
        String contractId,
        String targetUrl,
        CallbackOrigin origin,
        String payload,
        int attempt,
        Instant createdAt,
        Instant giveUpAt,
        long attemptId,
        UUID leaseToken) {}
