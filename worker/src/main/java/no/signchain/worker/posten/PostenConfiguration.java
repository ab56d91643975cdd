package no.signchain.worker.posten;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Locale;
import no.signchain.activities.posten.PostenPortalJobs;
import no.signchain.activities.posten.PostenSettings;
import no.signchain.activities.posten.PostenStatusQueue;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.job.ProviderJobs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Posten signering, when switched on ({@code POSTEN_ENABLED=true}): the portal jobs through the official client, and
 * the poller that takes the sender's status queue to the contracts' workflows.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signchain.providers.enabled.posten", havingValue = "true")
@EnableConfigurationProperties(PostenProperties.class)
public class PostenConfiguration {

    @Bean
    PostenPortalJobs postenPortalJobs(PostenProperties properties) {
        if (!StringUtils.hasText(properties.keyStore())
                || properties.keyStorePassword() == null
                || !StringUtils.hasText(properties.senderOrganisationNumber())) {
            throw new IllegalStateException("Posten is enabled (POSTEN_ENABLED) but not configured: set "
                    + "POSTEN_KEY_STORE, POSTEN_KEY_STORE_PASSWORD and POSTEN_SENDER_ORGANISATION_NUMBER, or switch it"
                    + " off");
        }
        char[] password = properties.keyStorePassword().toCharArray();
        KeyStore keyStore = load(Path.of(properties.keyStore()), password);
        return new PostenPortalJobs(new PostenSettings(
                PostenSettings.Environment.valueOf(
                        properties.environment().trim().toUpperCase(Locale.ROOT)),
                StringUtils.hasText(properties.serviceUrl()) ? URI.create(properties.serviceUrl()) : null,
                StringUtils.hasText(properties.trustedCertificates())
                        ? Path.of(properties.trustedCertificates())
                        : null,
                keyStore,
                StringUtils.hasText(properties.keyAlias()) ? properties.keyAlias() : firstAlias(keyStore),
                password,
                properties.senderOrganisationNumber(),
                StringUtils.hasText(properties.pollingQueue()) ? properties.pollingQueue() : null,
                properties.connectTimeout(),
                properties.readTimeout()));
    }

    @Bean
    PostenStatusQueue postenStatusQueue(
            PostenPortalJobs posten,
            PostenProperties properties,
            ProviderJobs jobs,
            ContractRepository contracts,
            WorkflowClient temporal,
            Clock clock) {
        String queue = properties.senderOrganisationNumber() + "/"
                + (StringUtils.hasText(properties.pollingQueue()) ? properties.pollingQueue() : "default");
        return new PostenStatusQueue(posten, jobs, contracts, new TemporalJobStatusSignals(temporal), queue, clock);
    }

    @Bean
    PostenQueuePoller postenQueuePoller(
            PostenStatusQueue queue,
            PostenProperties properties,
            @Value("${spring.temporal.start-workers:true}") boolean workersRun) {
        return new PostenQueuePoller(queue, properties.pollCheckInterval(), workersRun);
    }

    private static KeyStore load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "POSTEN_KEY_STORE: cannot read the organisation certificate " + file + ": " + e.getMessage(), e);
        }
    }

    private static String firstAlias(KeyStore keyStore) {
        try {
            var aliases = keyStore.aliases();
            if (!aliases.hasMoreElements()) {
                throw new IllegalStateException("POSTEN_KEY_STORE holds no key");
            }
            return aliases.nextElement();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("POSTEN_KEY_STORE cannot be read", e);
        }
    }
}
