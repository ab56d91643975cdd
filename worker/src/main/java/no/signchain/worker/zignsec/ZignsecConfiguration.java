package no.signchain.worker.zignsec;

import java.net.URI;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.zignsec.ZignsecClient;
import no.signchain.activities.zignsec.ZignsecSettings;
import no.signchain.activities.zignsec.ZignsecSigningProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** ZignSec's Norwegian BankID e-signing (API v5) as a signing provider, when switched on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signchain.providers.enabled.zignsec", havingValue = "true")
@EnableConfigurationProperties(ZignsecProperties.class)
public class ZignsecConfiguration {

    @Bean
    ZignsecClient zignsecClient(ZignsecProperties properties) {
        if (!StringUtils.hasText(properties.baseUrl()) || !StringUtils.hasText(properties.subscriptionKey())) {
            throw new IllegalStateException("ZignSec is enabled (ZIGNSEC_ENABLED) but not configured: set "
                    + "ZIGNSEC_BASE_URL and ZIGNSEC_SUBSCRIPTION_KEY, or switch it off");
        }
        return new ZignsecClient(new ZignsecSettings(
                URI.create(properties.baseUrl()),
                properties.subscriptionKey(),
                StringUtils.hasText(properties.webhookUrl()) ? URI.create(properties.webhookUrl()) : null,
                StringUtils.hasText(properties.returnUrl()) ? URI.create(properties.returnUrl()) : null,
                properties.connectTimeout(),
                properties.readTimeout(),
                properties.callTimeout()));
    }

    @Bean
    SigningProvider zignsecSigningProvider(ZignsecClient client) {
        return new ZignsecSigningProvider(client);
    }
}
