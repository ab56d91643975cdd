package no.signchain.api.webhook;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
    SignicatWebhookProperties.class,
    ZignsecWebhookProperties.class,
    SignicatV1NotificationProperties.class
})
class WebhookConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

    /** With no secret configured every delivery is refused, and the log says why. */
    @Bean
    @Primary
    DeliverySignature signicatDeliverySignature(SignicatWebhookProperties properties, Clock clock) {
        if (!StringUtils.hasText(properties.secret())) {
            log.warn("No Signicat webhook secret configured (SIGNICAT_WEBHOOK_SECRET): deliveries will be refused; "
                    + "contracts still advance by reading sessions every reconcile interval");
        }
        return new DeliverySignature(properties.secret(), properties.tolerance(), clock);
    }

    /** ZignSec signs with its own webhook secret, in its own header, in the same t=…,v1=… form. */
    @Bean
    DeliverySignature zignsecDeliverySignature(
            ZignsecWebhookProperties properties,
            Clock clock,
            @Value("${signchain.providers.enabled.zignsec:false}") boolean zignsecEnabled) {
        if (zignsecEnabled && !StringUtils.hasText(properties.secret())) {
            log.warn("No ZignSec webhook secret configured (ZIGNSEC_WEBHOOK_SECRET): deliveries will be refused; "
                    + "ZignSec contracts still advance by reading sessions every reconcile interval");
        }
        return new DeliverySignature(properties.secret(), properties.tolerance(), clock);
    }
}
