package no.signchain.worker.signicat;

import java.net.URI;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.signicat.SignApiClient;
import no.signchain.activities.signicat.SignApiProperties;
import no.signchain.activities.signicat.SignicatSigningProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** Signicat Sign API v2 as a signing provider, unless switched off ({@code SIGNICAT_ENABLED=false}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signchain.providers.enabled.signicat-v2", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SignicatProperties.class)
public class SignicatConfiguration {

    @Bean
    SignApiProperties signApiProperties(SignicatProperties properties) {
        if (!StringUtils.hasText(properties.baseUrl())
                || !StringUtils.hasText(properties.clientId())
                || !StringUtils.hasText(properties.clientSecret())) {
            throw new IllegalStateException("No Sign API configured: set SIGNICAT_BASE_URL, SIGNICAT_CLIENT_ID and "
                    + "SIGNICAT_CLIENT_SECRET (the all-in-one app starts its own simulator instead), or switch "
                    + "Signicat off with SIGNICAT_ENABLED=false");
        }
        URI base = URI.create(properties.baseUrl());
        URI token = StringUtils.hasText(properties.tokenUrl())
                ? URI.create(properties.tokenUrl())
                : base.resolve("/auth/open/connect/token");
        SignApiProperties client = SignApiProperties.forSignicat(properties.clientId(), properties.clientSecret())
                .withBaseUrl(base)
                .withTokenUrl(token);
        if (StringUtils.hasText(properties.organizationId())) {
            client = client.withOrganizationId(properties.organizationId());
        }
        return client.withConnectTimeout(properties.connectTimeout())
                .withReadTimeout(properties.readTimeout())
                .withCallTimeout(properties.callTimeout());
    }

    @Bean
    SignApiClient signApiClient(SignApiProperties properties) {
        return new SignApiClient(properties);
    }

    @Bean
    SigningProvider signingProvider(SignApiClient client) {
        return new SignicatSigningProvider(client);
    }
}
