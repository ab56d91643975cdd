package no.signchain.api.webhook;

import java.time.Clock;
import no.signchain.api.simulator.EmbeddedSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SignicatWebhookSettings.class)
class WebhookConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

    /**
     * The configured secret, which the embedded simulator signs with too; with none configured and the embedded
     * simulator running, the secret it made up. With neither, every delivery is refused, and the log says why.
     */
    @Bean
    DeliverySignature signicatDeliverySignature(SignicatWebhookSettings settings,
                                                ObjectProvider<EmbeddedSimulator> simulator, Clock clock) {
        String secret = settings.secret();
        if (!StringUtils.hasText(secret) && simulator.getIfAvailable() != null) {
            secret = simulator.getIfAvailable().webhookSecret();
        }
        if (!StringUtils.hasText(secret)) {
            log.warn("No Signicat webhook secret configured (SIGNICAT_WEBHOOK_SECRET): deliveries will be refused; "
                    + "contracts still advance by reading sessions every reconcile interval");
        }
        return new DeliverySignature(secret, settings.tolerance(), clock);
    }
}
