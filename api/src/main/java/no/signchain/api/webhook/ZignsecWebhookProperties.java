package no.signchain.api.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How signchain receives ZignSec's webhook deliveries ({@code signchain.webhook.zignsec.*}).
 *
 * @param secret          the webhook secret ZignSec issued; empty refuses every delivery
 * @param signatureHeader carries {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}
 * @param tolerance       how far a delivery's timestamp may be from now, against replays
 * @param maxBodySize     the largest delivery taken
 */
@ConfigurationProperties("signchain.webhook.zignsec")
public record ZignsecWebhookProperties(
        @DefaultValue("") String secret,
        @DefaultValue("X-ZignSec-Hmac-SHA256") String signatureHeader,
        @DefaultValue("PT5M") Duration tolerance,
        @DefaultValue("1MB") DataSize maxBodySize) {

    public ZignsecWebhookProperties {
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "signchain.webhook.zignsec.max-body-size must be between 1B and 2GB, was " + maxBodySize);
        }
    }
}
