package no.signchain.worker.signicat;

import java.net.URI;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.signicat.SignApiClient;
import no.signchain.activities.signicat.SignApiSettings;
import no.signchain.activities.signicat.SignicatSigningProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** Signicat Sign API v2 as the signing provider. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SignicatProperties.class)
public class SignicatConfiguration {

    @Bean
    SignApiSettings signApiSettings(SignicatProperties properties, ObjectProvider<SignicatEndpoint> fallback) {
        SignApiSettings settings;
        if (StringUtils.hasText(properties.baseUrl())) {
            if (!StringUtils.hasText(properties.clientId()) || !StringUtils.hasText(properties.clientSecret())) {
                throw new IllegalStateException(
                        "signchain.signicat.base-url is set: set SIGNICAT_CLIENT_ID and SIGNICAT_CLIENT_SECRET too");
            }
            URI base = URI.create(properties.baseUrl());
            URI token = StringUtils.hasText(properties.tokenUrl())
                    ? URI.create(properties.tokenUrl())
                    : base.resolve("/auth/open/connect/token");
            settings = SignApiSettings.forSignicat(properties.clientId(), properties.clientSecret())
                    .withBaseUrl(base)
                    .withTokenUrl(token);
        } else {
            SignicatEndpoint endpoint = fallback.getIfAvailable();
            if (endpoint == null) {
                throw new IllegalStateException("No Sign API configured: set SIGNICAT_BASE_URL, SIGNICAT_CLIENT_ID "
                        + "and SIGNICAT_CLIENT_SECRET (the all-in-one api app uses its embedded simulator instead)");
            }
            settings = SignApiSettings.forSignicat(endpoint.clientId(), endpoint.clientSecret())
                    .withBaseUrl(endpoint.baseUrl())
                    .withTokenUrl(endpoint.tokenUrl());
        }
        if (StringUtils.hasText(properties.organizationId())) {
            settings = settings.withOrganizationId(properties.organizationId());
        }
        return settings
                .withConnectTimeout(properties.connectTimeout())
                .withReadTimeout(properties.readTimeout())
                .withCallTimeout(properties.callTimeout());
    }

    @Bean
    SignApiClient signApiClient(SignApiSettings settings) {
        return new SignApiClient(settings);
    }

    @Bean
    SigningProvider signingProvider(SignApiClient client) {
        return new SignicatSigningProvider(client);
    }
}
