package no.signchain.simulator.zignsec;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ZignSec part of the simulator ({@code signchain.simulator.zignsec.*}), below {@code /zignsec}.
 *
 * @param subscriptionKey the key accepted in {@code Authorization} or {@code Zs-Product-Key}
 * @param webhookSecret   the HMAC key of webhook deliveries ({@code X-ZignSec-Hmac-SHA256})
 * @param webhookUrl      the tenant's webhook: where deliveries go for a session created without a {@code webhook}
 * @param retryInitial    first retry delay of an unanswered delivery, doubling up to {@code retryMax}
 * @param retryMax        cap of the retry delay
 * @param maxAttempts     deliveries of one event at most (ZignSec: 20)
 * @param retryWindow     no delivery attempt after this long (ZignSec: 48 hours)
 */
@ConfigurationProperties("signchain.simulator.zignsec")
public record ZignsecSimulatorProperties(
        String subscriptionKey,
        String webhookSecret,
        String webhookUrl,
        Duration retryInitial,
        Duration retryMax,
        Integer maxAttempts,
        Duration retryWindow) {

    public ZignsecSimulatorProperties {
        subscriptionKey = subscriptionKey == null ? "signchain-sim-zignsec-key" : subscriptionKey;
        webhookSecret = webhookSecret == null ? "signchain-sim-zignsec-webhook-secret" : webhookSecret;
        retryInitial = retryInitial == null ? Duration.ofMillis(500) : retryInitial;
        retryMax = retryMax == null ? Duration.ofHours(4) : retryMax;
        maxAttempts = maxAttempts == null ? 20 : maxAttempts;
        retryWindow = retryWindow == null ? Duration.ofHours(48) : retryWindow;
    }
}
