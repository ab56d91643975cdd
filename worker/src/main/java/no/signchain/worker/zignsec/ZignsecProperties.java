package no.signchain.worker.zignsec;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ZignSec signing API v5 settings ({@code signchain.zignsec.*}, or the {@code ZIGNSEC_*} environment variables).
 * Used only when ZignSec is switched on ({@code ZIGNSEC_ENABLED=true}).
 *
 * @param baseUrl         {@code https://gateway.zignsec.com/api/v5} in production, {@code https://test-gateway...}
 *                        for ZignSec's test environment; the all-in-one app sets its simulator's
 * @param subscriptionKey the key ZignSec's support issued, sent as {@code Authorization}
 * @param webhookUrl      signchain's public {@code https://.../webhooks/zignsec}, sent with every session; empty
 *                        leaves it to the webhook configured for the tenant at ZignSec
 * @param returnUrl       where the signer's browser goes when done; empty for ZignSec's default
 */
@ConfigurationProperties("signchain.zignsec")
public record ZignsecProperties(
        String baseUrl,
        String subscriptionKey,
        String webhookUrl,
        String returnUrl,
        @DefaultValue("PT10S") Duration connectTimeout,
        @DefaultValue("PT30S") Duration readTimeout,
        @DefaultValue("PT2M") Duration callTimeout) {

    @Override
    public String toString() {
        return "ZignsecProperties[baseUrl=" + baseUrl + ", subscriptionKey=***]";
    }
}
