package no.signchain.worker.signicatv1;

import java.net.URI;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.signicat.SignApiProperties;
import no.signchain.activities.signicatv1.SignicatV1Client;
import no.signchain.activities.signicatv1.SignicatV1Settings;
import no.signchain.activities.signicatv1.SignicatV1SigningProvider;
import no.signchain.store.webhook.WebhookInbox;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/** Signicat's Sign API v1 as a signing provider, when switched on ({@code SIGNICAT_V1_ENABLED=true}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signchain.providers.enabled.signicat-v1", havingValue = "true")
@EnableConfigurationProperties(SignicatV1Properties.class)
public class SignicatV1Configuration {

    static final String NOTIFICATION_URL = "signchain.signicat-v1.notification-url";

    @Bean
    SignicatV1Client signicatV1Client(SignicatV1Properties properties, Environment environment) {
        if (!StringUtils.hasText(properties.baseUrl())
                || !StringUtils.hasText(properties.clientId())
                || !StringUtils.hasText(properties.clientSecret())) {
            throw new IllegalStateException(
                    "Signicat Sign API v1 is enabled (SIGNICAT_V1_ENABLED) but not configured: "
                            + "set SIGNICAT_V1_BASE_URL, SIGNICAT_V1_CLIENT_ID and SIGNICAT_V1_CLIENT_SECRET, or switch it off");
        }
        URI base = URI.create(properties.baseUrl());
        URI token = StringUtils.hasText(properties.tokenUrl())
                ? URI.create(properties.tokenUrl())
                : base.resolve("/auth/open/connect/token");
        SignApiProperties api = SignApiProperties.forSignicat(properties.clientId(), properties.clientSecret())
                .withBaseUrl(base)
                .withTokenUrl(token)
                .withConnectTimeout(properties.connectTimeout())
                .withReadTimeout(properties.readTimeout())
                .withCallTimeout(properties.callTimeout());
        // Read at each order: the all-in-one app's URL names its own port, known only once its server runs.
        return new SignicatV1Client(new SignicatV1Settings(
                api, () -> environment.getProperty(NOTIFICATION_URL), properties.daysToLive(), properties.language()));
    }

    /** A retried opening finds a task its lost create made by the CREATED notification the API stored. */
    @Bean
    SigningProvider signicatV1SigningProvider(SignicatV1Client client, WebhookInbox inbox) {
        return new SignicatV1SigningProvider(
                client, (message, since) -> inbox.sessionsAnnounced(SignicatV1SigningProvider.NAME, message, since));
    }
}
