package no.signchain.api.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How signchain receives Signicat Sign API v1's URL notifications ({@code signchain.webhook.signicat-v1.*}).
 *
 * @param secret the last path segment of the notification URL registered with each task
 *               ({@code https://<host>/webhooks/signicat-v1/<secret>}): v1 signs nothing, so knowing the URL is the
 *               only proof a call comes from Signicat; empty refuses every notification
 */
@ConfigurationProperties("signchain.webhook.signicat-v1")
public record SignicatV1NotificationProperties(
        @DefaultValue("") String secret) {

    @Override
    public String toString() {
        return "SignicatV1NotificationProperties[secret=***]";
    }
}
