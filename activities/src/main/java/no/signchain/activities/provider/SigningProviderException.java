package no.signchain.activities.provider;

import java.time.Duration;
import java.util.Optional;

/** A provider call failed. Says whether trying again can help, and how long the provider asked us to wait. */
public class SigningProviderException extends RuntimeException {

    private final boolean permanent;
    private final Duration retryAfter;

    public SigningProviderException(String message, boolean permanent, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    /** True when the provider refused the request itself (bad input, missing permission): a retry repeats it. */
    public boolean isPermanent() {
        return permanent;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
