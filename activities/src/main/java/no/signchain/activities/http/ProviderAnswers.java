package no.signchain.activities.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import okhttp3.Headers;
import okhttp3.Response;

/** How every provider client reads an HTTP answer's status and its {@code Retry-After}. */
public final class ProviderAnswers {

    private ProviderAnswers() {}

    /**
     * 408, 429 and 5xx are worth another try; other 4xx are not, except 401/403, which an operator fixes (a rotated
     * key or secret, a missing permission): retried, so contracts wait instead of failing by the hundred. The body is
     * not quoted.
     *
     * @param provider as the message names it ("ZignSec")
     * @param what     the call, as the message names it ("start signing")
     */
    public static void requireSuccess(Response response, String provider, String what) {
        int code = response.code();
        if (response.isSuccessful()) {
            return;
        }
        boolean retryable = code == 408 || code == 429 || code >= 500 || code == 401 || code == 403;
        throw new ProviderCallException(
                provider + " answered " + code + " (" + what + ")",
                code,
                retryable,
                retryAfter(response.headers(), Clock.systemUTC()),
                null);
    }

    /**
     * {@code Retry-After} as delta-seconds or an HTTP date; {@code null} when absent or unreadable. A date in the past
     * gives zero.
     */
    public static Duration retryAfter(Headers headers, Clock clock) {
        String value = headers.get("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(trimmed));
            } catch (NumberFormatException tooLarge) {
                return null;
            }
        }
        Date date = headers.getDate("Retry-After");
        if (date == null) {
            return null;
        }
        Duration wait = Duration.between(clock.instant(), date.toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
