package no.signchain.api.callback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import no.signchain.store.callback.DeliveryRecord;

/**
 * One callback delivery as the delivery log shows it.
 *
 * @param webhookId     the {@code webhook-id} header: the same on every attempt and redelivery
 * @param target        the URL without its query (which may carry a token)
 * @param status        {@code pending}, {@code delivered} or {@code failed}
 * @param nextAttemptAt when a pending delivery is attempted next
 * @param giveUpAt      when a pending delivery that keeps failing is given up on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(
        String id,
        String webhookId,
        String eventType,
        String target,
        String status,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant giveUpAt,
        Instant deliveredAt,
        Instant failedAt,
        List<AttemptView> attempts) {

    /**
     * @param at         when it started
     * @param httpStatus the receiver's answer; absent when there was none
     * @param error      why it failed, when it did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(Instant at, Long durationMs, Integer httpStatus, String error) {}

    static DeliveryView of(DeliveryRecord delivery, Instant now) {
        boolean pending = delivery.status() == DeliveryRecord.Status.PENDING;
        boolean underWay = pending
                && delivery.leaseUntil() != null
                && delivery.leaseUntil().isAfter(now);
        List<AttemptView> attempts = delivery.attempts().stream()
                .map(a -> {
                    if (a.finishedAt() != null) {
                        return new AttemptView(
                                a.startedAt(),
                                Duration.between(a.startedAt(), a.finishedAt()).toMillis(),
                                a.httpStatus(),
                                a.error());
                    }
                    return new AttemptView(
                            a.startedAt(),
                            null,
                            null,
                            underWay ? "under way" : "no outcome: the sender stopped during the attempt");
                })
                .toList();
        // Only the newest attempt can be under way; an earlier one without an outcome was cut short.
        if (underWay && attempts.size() > 1) {
            List<AttemptView> fixed = new ArrayList<>(attempts);
            for (int i = 0; i < fixed.size() - 1; i++) {
                AttemptView a = fixed.get(i);
                if ("under way".equals(a.error())) {
                    fixed.set(
                            i,
                            new AttemptView(a.at(), null, null, "no outcome: the sender stopped during the attempt"));
                }
            }
            attempts = List.copyOf(fixed);
        }
        return new DeliveryView(
                delivery.id(),
                CallbackPayloads.webhookId(delivery.eventId()),
                delivery.type().wireName(),
                CallbackTargets.withoutQuery(delivery.targetUrl()),
                delivery.status().name().toLowerCase(Locale.ROOT),
                delivery.createdAt(),
                pending ? delivery.nextAttemptAt() : null,
                pending ? delivery.giveUpAt() : null,
                delivery.deliveredAt(),
                delivery.failedAt(),
                attempts);
    }
}
