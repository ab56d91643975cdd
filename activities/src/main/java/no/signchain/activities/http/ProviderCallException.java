package no.signchain.activities.http;

import java.time.Duration;
import no.signchain.activities.provider.SigningProviderException;

/**
 * A call to a signing provider's HTTP API failed: {@code status} is the HTTP status (0 when no answer came), and
 * {@code retryable} says whether the same call can succeed later. The message never quotes a body: a provider's may
 * echo the signer's identity number.
 */
public class ProviderCallException extends RuntimeException {

    private final int status;
    private final boolean retryable;
    private final Duration retryAfter;

    public ProviderCallException(String message, int status, boolean retryable, Duration retryAfter, Throwable cause) {
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

    /** As the provider boundary reports it to the activities. */
    public SigningProviderException toProviderFailure() {
        return new SigningProviderException(getMessage(), !retryable, retryAfter, this);
    }
}
