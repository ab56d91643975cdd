package no.signchain.worker.verification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import no.signchain.activities.provider.SigningProviders;
import no.signchain.activities.verification.PadesLevel;
import no.signchain.activities.verification.SignedVersionVerifier;
import no.signchain.activities.verification.VerificationActivitiesImpl;
import no.signchain.activities.verification.VerificationPolicy;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.document.VersionVerifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import tools.jackson.databind.json.JsonMapper;

/** The verification of every signed version: DSS, with the configured trust anchors and policy. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VerificationProperties.class)
public class VerificationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(VerificationConfiguration.class);

    @Bean
    VerificationPolicy verificationPolicy(VerificationProperties properties, ResourceLoader resources) {
        List<X509Certificate> anchors = new ArrayList<>();
        for (String location : properties.trustAnchors()) {
            if (location.isBlank()) {
                continue;
            }
            anchors.addAll(certificatesAt(resources.getResource(location.strip()), location));
        }
        if (anchors.isEmpty() && properties.requireTotalPassed()) {
            throw new IllegalStateException("No trust anchors for verifying signatures: set SIGNCHAIN_TRUST_ANCHORS"
                    + " (PEM certificates, e.g. file:/etc/signchain/bankid-roots.pem), or"
                    + " signchain.verification.require-total-passed=false to accept untrusted chains");
        }
        VerificationPolicy policy = new VerificationPolicy(
                anchors,
                PadesLevel.parse(properties.minimumLevel()),
                properties.requireTotalPassed(),
                properties.requireCertificateIdentity());
        log.info(
                "Verifying every signed version: {} trust anchor(s), at least {}, TOTAL_PASSED {}required",
                anchors.size(),
                policy.minimumLevel().label(),
                policy.requireTotalPassed() ? "" : "not ");
        return policy;
    }

    @Bean
    SignedVersionVerifier signedVersionVerifier(VerificationPolicy policy, Clock clock) {
        return new SignedVersionVerifier(policy, clock);
    }

    @Bean
    VerificationActivitiesImpl verificationActivities(
            SignedVersionVerifier verifier,
            SigningProviders providers,
            ContractRepository contracts,
            DocumentVersions documents,
            VersionVerifications verifications,
            JsonMapper json) {
        return new VerificationActivitiesImpl(verifier, providers, contracts, documents, verifications, json);
    }

    private static List<X509Certificate> certificatesAt(Resource resource, String location) {
        try (InputStream in = resource.getInputStream()) {
            List<X509Certificate> found = new ArrayList<>();
            CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)
                    .forEach(c -> found.add((X509Certificate) c));
            if (found.isEmpty()) {
                throw new IllegalStateException("No certificate in trust anchor " + location);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read trust anchor " + location, e);
        } catch (CertificateException e) {
            throw new IllegalStateException("Trust anchor " + location + " is not a PEM or DER certificate", e);
        }
    }
}
