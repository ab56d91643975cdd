package no.signchain.api.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How signchain receives Signicat's events ({@code signchain.webhook.signicat.*}). Signicat does not publish its
 * event names, the event data's shape or how a delivery is authenticated, so these are settings whose defaults
 * are what the built-in simulator sends; see the README.
 *
 * @param secret             the shared secret of the subscription; empty refuses every delivery
 * @param signatureHeader    the header carrying {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}
 * @param tolerance          how far a delivery's timestamp may be from now, against replays
 * @param sessionIdPointer   JSON pointer to the signing session id inside the envelope
 * @param unknownSessionGiveUp how long to keep an event whose session signchain does not know (yet): recording the
 *                           session makes it due at once; until then the relay looks again after 1, 3, 7 and 12 min
 * @param maxBodySize        the largest delivery taken; the body is held in memory until its signature is checked
 */
@ConfigurationProperties("signchain.webhook.signicat")
public record SignicatWebhookProperties(
        @DefaultValue("") String secret,
        @DefaultValue("Signicat-Signature") String signatureHeader,
        @DefaultValue("PT5M") Duration tolerance,
        @DefaultValue("/eventData/signingSessionId") String sessionIdPointer,
        @DefaultValue("PT15M") Duration unknownSessionGiveUp,
        @DefaultValue("1MB") DataSize maxBodySize) {

    public SignicatWebhookProperties {
        // One more byte than the limit is read to tell a body at the limit from one past it.
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "signchain.webhook.signicat.max-body-size must be between 1B and 2GB, was " + maxBodySize);
        }
    }
}
