package no.signchain.store.callback;

import java.time.Instant;
import java.util.List;

/** One delivery of an event to one target, with every attempt, for the delivery log. */
public record DeliveryRecord(
        String id,
        String eventId,
        CallbackEventType type,
        String targetUrl,
        CallbackOrigin origin,
        Status status,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant giveUpAt,
        Instant deliveredAt,
        Instant failedAt,
        Instant leaseUntil,
        List<Attempt> attempts) {

    public DeliveryRecord {
        attempts = List.copyOf(attempts);
    }

    public enum Status {
        PENDING,
        DELIVERED,
        FAILED
    }

    /**
     * One attempt; {@code finishedAt} null when it is under way, or was cut short (the sender stopped during it).
     *
     * @param httpStatus the receiver's answer, null when there was none
     * @param error      why the attempt failed without an answer, or what was wrong with the answer
     */
    public record Attempt(Instant startedAt, Instant finishedAt, Integer httpStatus, String error) {}
}
