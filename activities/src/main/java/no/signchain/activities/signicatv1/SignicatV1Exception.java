package no.signchain.activities.signicatv1;

import java.time.Duration;

/**
 * A Sign API v1 call failed: {@code status} is the HTTP status (0 when no answer came), and {@code retryable} says
 * whether the same call can succeed later. The message never quotes a body: Signicat's may echo the signer's number.
 */
public class SignicatV1Exception extends RuntimeException {

    private final int status;
    private final boolean retryable;
    private final Duration retryAfter;

    public SignicatV1Exception(String message, int status, boolean retryable, Duration retryAfter, Throwable cause) {
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
