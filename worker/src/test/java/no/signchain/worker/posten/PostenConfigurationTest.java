package no.signchain.worker.posten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.temporal.client.WorkflowClient;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import no.signchain.activities.posten.PostenPortalJobs;
import no.signchain.activities.posten.PostenStatusQueue;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.job.ProviderJobs;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code POSTEN_ENABLED} switch: off, no adapter; on, an adapter from the organisation certificate, or a clear no. */
class PostenConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PostenConfiguration.class)
            // What the status queue's poller needs from the worker around it; it is not started here.
            .withBean(ProviderJobs.class, () -> mock(ProviderJobs.class))
            .withBean(ContractRepository.class, () -> mock(ContractRepository.class))
            .withBean(WorkflowClient.class, () -> mock(WorkflowClient.class))
            .withBean(Clock.class, Clock::systemUTC)
            .withPropertyValues("spring.temporal.start-workers=false");

    @Test
    void offByDefault() {
        runner.run(context -> assertThat(context).doesNotHaveBean(PostenPortalJobs.class));
    }

    @Test
    void onWithAnOrganisationCertificateMakesTheAdapter(@TempDir Path dir) throws Exception {
        Path keyStore = organisationCertificate(dir.resolve("org.p12"), "secret".toCharArray());
        runner.withPropertyValues(
                        "signchain.providers.enabled.posten=true",
                        "signchain.posten.environment=test",
                        "signchain.posten.key-store=" + keyStore,
                        "signchain.posten.key-store-password=secret",
                        "signchain.posten.sender-organisation-number=991825827")
                .run(context -> {
                    assertThat(context).hasSingleBean(PostenPortalJobs.class);
                    assertThat(context).hasSingleBean(PostenStatusQueue.class);
                });
    }

    @Test
    void onWithoutACertificateRefusesToStartAndSaysWhatIsMissing() {
        runner.withPropertyValues("signchain.providers.enabled.posten=true")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("POSTEN_KEY_STORE"));
    }

    private static Path organisationCertificate(Path file, char[] password) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair keys = rsa.generateKeyPair();
        X500Name name = new X500Name("CN=Signchain Test AS, O=Signchain Test AS, SERIALNUMBER=991825827, C=NO");
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.ONE,
                                Date.from(now.minus(Duration.ofHours(1))),
                                Date.from(now.plus(Duration.ofDays(1))),
                                name,
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("org", keys.getPrivate(), password, new Certificate[] {certificate});
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
        return file;
    }
}
