package no.signchain.worker.signicat;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpObservationInterceptor;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.util.regex.Pattern;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.signicat.SignApiClient;
import no.signchain.activities.signicat.SignApiProperties;
import no.signchain.activities.signicat.SignicatSigningProvider;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
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

    /** A path segment with a digit in it is an id (a session's, a document's), not part of the endpoint's name. */
    private static final Pattern ENDPOINT_ID = Pattern.compile("/[^/]*[0-9][^/]*");

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

    /**
     * Each Sign API call is observed: a span in the activity's trace (its {@code traceparent} sent along) and the
     * {@code signchain.provider.requests} timer. Paths are tagged with their ids replaced, so a tag never holds more
     * than an endpoint's name.
     */
    @Bean
    SignApiClient signApiClient(SignApiProperties properties, ObjectProvider<ObservationRegistry> observations) {
        ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        OkHttpClient http = new OkHttpClient.Builder()
                .addInterceptor(OkHttpObservationInterceptor.builder(registry, "signchain.provider.requests")
                        .uriMapper(request ->
                                ENDPOINT_ID.matcher(request.url().encodedPath()).replaceAll("/{id}"))
                        .tag(KeyValue.of("provider", SignicatSigningProvider.NAME))
                        .build())
                .build();
        return new SignApiClient(properties, http);
    }

    @Bean
    SigningProvider signingProvider(SignApiClient client) {
        return new SignicatSigningProvider(client);
    }
}
