package no.signchain.workflows.contract;

import java.time.Duration;
import java.time.Instant;

/**
 * When the signer whose session is open is reminded without anyone asking: {@code firstAfter} the session opened,
 * then every {@code every}, at most {@code max} times. {@code max} 0 sends none.
 */
public record ReminderSchedule(Duration firstAfter, Duration every, int max) {

    public static final ReminderSchedule NONE = new ReminderSchedule(Duration.ZERO, Duration.ZERO, 0);

    /** When the next reminder is due, after {@code sent} of them for a session opened at {@code openedAt}; null when none is. */
    Instant next(Instant openedAt, int sent) {
        if (max <= 0 || sent >= max || openedAt == null) {
            return null;
        }
        // Nanoseconds, not Duration.multipliedBy: the same value, without BigDecimal in workflow code.
        return openedAt.plus(firstAfter).plus(Duration.ofNanos(Math.multiplyExact(every.toNanos(), (long) sent)));
    }
}
