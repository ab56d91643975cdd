package no.signchain.store.webhook;

import java.time.Instant;

/**
 * A provider event in the inbox.
 *
 * @param sessionRef the signing session the event names, if any
 * @param attempts   how often the relay tried to deliver it to a workflow
 */
public record InboxEvent(
        String eventId, String provider, String eventName, String sessionRef, Instant receivedAt, int attempts) {}
