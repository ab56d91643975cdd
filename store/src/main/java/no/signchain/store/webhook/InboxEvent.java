package no.signchain.store.webhook;

import java.time.Instant;

/**
 * A provider event in the inbox.
 *
 * @param sessionRef  the signing session the event names, if any
 * @param attempts    how often the relay tried to deliver it to a workflow
 * @param traceParent the delivery's trace as a W3C traceparent, which the relay continues; null if it had none
 */
public record InboxEvent(
        String eventId,
        String provider,
        String eventName,
        String sessionRef,
        Instant receivedAt,
        int attempts,
        String traceParent) {}
