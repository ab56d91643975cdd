package no.signchain.activities.posten;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Posten signering.
 *
 * @param environment             Posten's production or test environment: which service URL and which bundled trust
 *                                anchors (Buypass and Commfides roots) the official client starts from
 * @param serviceUrl              overrides the environment's API URL (a fake service in tests); null keeps it
 * @param trustedCertificates     a directory of CA certificates that replaces the bundled trust anchors (a fake
 *                                service's test CA); null keeps them
 * @param organisationCertificate the sender's organisation certificate (key and chain) for two-way TLS, which also
 *                                signs the ASiC-E packages
 * @param certificateAlias        its alias in the keystore
 * @param certificatePassword     its private key's password
 * @param senderOrganisationNumber the sender, as in the organisation certificate (a broker may act for others)
 * @param pollingQueue            the sender's status queue; null for the default queue
 */
public record PostenSettings(
        Environment environment,
        URI serviceUrl,
        Path trustedCertificates,
        KeyStore organisationCertificate,
        String certificateAlias,
        char[] certificatePassword,
        String senderOrganisationNumber,
        String pollingQueue,
        Duration connectTimeout,
        Duration readTimeout) {

    /** Posten's environments, as the official client names them. */
    public enum Environment {
        PRODUCTION,
        TEST
    }

    public PostenSettings {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(organisationCertificate, "organisationCertificate");
        Objects.requireNonNull(certificateAlias, "certificateAlias");
        Objects.requireNonNull(certificatePassword, "certificatePassword");
        if (senderOrganisationNumber == null || !senderOrganisationNumber.matches("[0-9]{9}")) {
            throw new IllegalArgumentException("the sender's organisation number must be nine digits");
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
    }

    @Override
    public String toString() {
        return "PostenSettings[environment=" + environment + ", serviceUrl=" + serviceUrl + ", sender="
                + senderOrganisationNumber + ", pollingQueue=" + pollingQueue + ", certificatePassword=***]";
    }
}
