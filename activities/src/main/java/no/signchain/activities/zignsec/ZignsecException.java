package no.signchain.activities.zignsec;

import java.time.Duration;

/**
 * A ZignSec call failed: {@code status} is the HTTP status (0 when no answer came), and {@code retryable} says whether
 * the same call can succeed later. The message never quotes a body: ZignSec's may echo the personal number.
 */
public class ZignsecException extends RuntimeException {

    private final int status;
    private final boolean retryable;
    private final Duration retryAfter;

    public ZignsecException(String message, int status, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public boolean isRetryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
