package no.signchain.activities.provider;

import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;
import no.signchain.store.contract.NationalId;

/** How a provider's failure reaches Temporal, the same for every activity that calls a provider. */
public final class ProviderFailures {

    private ProviderFailures() {}

    /**
     * Turns the provider's verdict on retrying into Temporal's: a permanent refusal stops the retries, a requested
     * wait becomes the next retry's delay, anything else is retried by the activity's policy.
     *
     * <p>The failure carries the provider's message with national identity numbers blanked, and no cause: Temporal
     * stores a failure's whole cause chain in history, and a parser's or provider's message deeper down may quote
     * the request or response it choked on.
     */
    public static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (SigningProviderException e) {
            String message = NationalId.redact(e.getMessage());
            if (e.isPermanent()) {
                throw ApplicationFailure.newNonRetryableFailure(message, "ProviderRefused");
            }
            if (e.retryAfter().isPresent()) {
                throw ApplicationFailure.newFailureWithCauseAndDelay(
                        message, "ProviderBusy", null, e.retryAfter().get());
            }
            throw ApplicationFailure.newFailure(message, "ProviderUnavailable");
        }
    }
}
