package no.signchain.api.callback;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Callbacks to business systems ({@code signchain.callbacks.*}).
 *
 * @param secrets         Standard Webhooks secrets ({@code whsec_} and base64 of 24 to 64 bytes); every callback
 *                        carries one signature per secret, so two secrets make a rotation. None: no callbacks (a
 *                        {@code callbackUrl} is refused at intake).
 * @param subscriptions   URLs that get every event of every contract, beside each contract's own {@code callbackUrl}
 * @param allowLoopback   whether a target may be a loopback address (127.0.0.0/8, ::1), over http too
 * @param makeUpSecret    with no secrets, sign with one made up at start and logged (the all-in-one app's demo)
 * @param retryFor        how long a delivery is retried from when it is created (or redelivered); at least 24 hours
 * @param initialBackoff  the wait after the first failed attempt; each further one doubles it
 * @param maxBackoff      the longest wait between attempts
 * @param connectTimeout  to connect (TCP and TLS)
 * @param readTimeout     between bytes of the answer (and of the request body, written)
 * @param callTimeout     for a whole attempt, from resolving the name to the end of the answer
 * @param maxResponseBody the most of an answer's body read (and thrown away)
 * @param concurrency     deliveries attempted at once by this process
 */
@ConfigurationProperties("signchain.callbacks")
public record CallbackProperties(
        @DefaultValue List<String> secrets,
        @DefaultValue List<String> subscriptions,
        @DefaultValue("false") boolean allowLoopback,
        @DefaultValue("false") boolean makeUpSecret,
        @DefaultValue("P1D") Duration retryFor,
        @DefaultValue("PT5S") Duration initialBackoff,
        @DefaultValue("PT1H") Duration maxBackoff,
        @DefaultValue("PT5S") Duration connectTimeout,
        @DefaultValue("PT10S") Duration readTimeout,
        @DefaultValue("PT15S") Duration callTimeout,
        @DefaultValue("64KB") DataSize maxResponseBody,
        @DefaultValue("4") int concurrency) {

    /** Retrying for less than a day would drop events a receiver down over a night never gets. */
    static final Duration MIN_RETRY_FOR = Duration.ofHours(24);

    public CallbackProperties {
        secrets = secrets == null
                ? List.of()
                : secrets.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        subscriptions = subscriptions == null
                ? List.of()
                : subscriptions.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
        require(retryFor.compareTo(MIN_RETRY_FOR) >= 0, "retry-for", "must be at least PT24H, is " + retryFor);
        require(positive(initialBackoff), "initial-backoff", "must be positive");
        require(maxBackoff.compareTo(initialBackoff) >= 0, "max-backoff", "must be at least initial-backoff");
        require(positive(connectTimeout), "connect-timeout", "must be positive");
        require(positive(readTimeout), "read-timeout", "must be positive");
        require(positive(callTimeout), "call-timeout", "must be positive");
        require(maxResponseBody.toBytes() >= 0, "max-response-body", "must not be negative");
        require(concurrency >= 1 && concurrency <= 64, "concurrency", "must be 1 to 64");
    }

    /** How long a claimed delivery stays this process's: longer than any attempt can take. */
    Duration lease() {
        return callTimeout.multipliedBy(2).plusSeconds(5);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String property, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("signchain.callbacks." + property + " " + problem);
        }
    }
}
