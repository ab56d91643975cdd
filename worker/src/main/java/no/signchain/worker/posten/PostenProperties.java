package no.signchain.worker.posten;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Posten signering settings ({@code signchain.posten.*}, or the {@code POSTEN_*} environment variables). Used only
 * when Posten is switched on ({@code POSTEN_ENABLED=true}).
 *
 * @param environment              {@code PRODUCTION} or {@code TEST}: Posten's API URL and the Buypass/Commfides trust
 *                                 anchors the official client ships for it
 * @param serviceUrl               overrides the environment's API URL; empty keeps it
 * @param trustedCertificates      a directory of CA certificates replacing the shipped trust anchors; empty keeps them
 * @param keyStore                 the organisation certificate (PKCS#12 file: key and chain)
 * @param keyStorePassword         its password (also the key's)
 * @param keyAlias                 the key's alias; empty for the file's first
 * @param senderOrganisationNumber the sender's nine-digit organisation number
 * @param pollingQueue             the sender's status queue; empty for the default one
 * @param pollCheckInterval        how often a worker looks whether it is its turn to poll the status queue
 */
@ConfigurationProperties("signchain.posten")
public record PostenProperties(
        @DefaultValue("PRODUCTION") String environment,
        String serviceUrl,
        String trustedCertificates,
        String keyStore,
        String keyStorePassword,
        String keyAlias,
        String senderOrganisationNumber,
        String pollingQueue,
        @DefaultValue("PT10S") Duration connectTimeout,
        @DefaultValue("PT30S") Duration readTimeout,
        @DefaultValue("PT1S") Duration pollCheckInterval) {

    @Override
    public String toString() {
        return "PostenProperties[environment=" + environment + ", serviceUrl=" + serviceUrl + ", sender="
                + senderOrganisationNumber + ", keyStore=" + keyStore + ", keyStorePassword=***]";
    }
}
