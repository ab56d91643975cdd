package no.signchain.worker.posten;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import no.signchain.activities.posten.PostenPortalJobs;
import no.signchain.activities.posten.PostenSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Posten signering's portal jobs, through the official client, when switched on ({@code POSTEN_ENABLED=true}).
 *
 * <p>Only the adapter for now: contracts cannot name Posten yet ({@code signchain.providers.enabled} has no entry
 * for it), as the workflow's mode for a provider that orders signers itself is still to come and will call this.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signchain.posten.enabled", havingValue = "true")
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
