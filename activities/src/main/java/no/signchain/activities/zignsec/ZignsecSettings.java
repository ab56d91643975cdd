package no.signchain.activities.zignsec;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach ZignSec's signing API v5.
 *
 * @param baseUrl         {@code https://gateway.zignsec.com/api/v5} (test: {@code https://test-gateway.zignsec.com/api/v5})
 * @param subscriptionKey sent as {@code Authorization} (no "Bearer"), as ZignSec's support issued it
 * @param webhookUrl      signchain's {@code /webhooks/zignsec}, sent with every session; null leaves it to the
 *                        tenant's configured webhook
 * @param returnUrl       where the signer's browser goes after signing or cancelling; null for ZignSec's own page
 */
public record ZignsecSettings(
        URI baseUrl,
        String subscriptionKey,
        URI webhookUrl,
        URI returnUrl,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout) {

    public ZignsecSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (subscriptionKey == null || subscriptionKey.isBlank()) {
            throw new IllegalArgumentException("a ZignSec subscription key is required");
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
        callTimeout = callTimeout == null ? Duration.ofMinutes(2) : callTimeout;
    }

    public ZignsecSettings(URI baseUrl, String subscriptionKey) {
        this(baseUrl, subscriptionKey, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "ZignsecSettings[baseUrl=" + baseUrl + ", subscriptionKey=***]";
    }
}
