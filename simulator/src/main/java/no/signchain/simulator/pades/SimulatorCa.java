package no.signchain.simulator.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.ConcurrentHashMap;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.identity.TestUser;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The simulator's test CA (RSA 2048, SHA256withRSA). Generated in memory at startup, or loaded from / saved to the
 * PKCS#12 file {@code signchain.simulator.ca.key-store} (alias {@code ca}). Issues one certificate per signer NIN
 * (cached) shaped like a BankID personal certificate:
 * {@code CN=Aksel Herseth, GIVENNAME=Aksel, SURNAME=Herseth, SERIALNUMBER=06046517928, O=BankID - Simulator, C=NO}:
 * CN is the full name "first last", SERIALNUMBER is the national identity number.
 * Only the JDK's own JCA providers are used (no global Bouncy Castle provider registration).
 */
@Component
@InSimulatorContext
public class SimulatorCa {

    private static final Logger log = LoggerFactory.getLogger(SimulatorCa.class);
    static final String ORGANIZATION = "BankID - Simulator";
    private static final String ALIAS = "ca";

    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final ConcurrentHashMap<String, SignerCredential> bySigner = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;

    public SimulatorCa(SimulatorProperties props, SecureRandom simulatorSecureRandom, Clock simulatorClock)
            throws GeneralSecurityException, IOException {
        this.random = simulatorSecureRandom;
        this.clock = simulatorClock;
        String path = props.ca().keyStore();
        char[] password = props.ca().keyStorePassword().toCharArray();
        if (path != null && !path.isBlank() && Files.exists(Path.of(path))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                ks.load(in, password);
            }
            PrivateKey key = (PrivateKey) ks.getKey(ALIAS, password);
            caCert = (X509Certificate) ks.getCertificate(ALIAS);
            caKeys = new KeyPair(caCert.getPublicKey(), key);
            log.info("Simulator CA loaded from {}", path);
        } else {
            caKeys = newRsaKeyPair();
            caCert = createCaCertificate();
            if (path != null && !path.isBlank()) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry(ALIAS, caKeys.getPrivate(), password, new Certificate[] {caCert});
                Path p = Path.of(path);
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                try (OutputStream out = Files.newOutputStream(p)) {
                    ks.store(out, password);
                }
                log.info("Simulator CA generated and saved to {}", path);
            } else {
                log.info(
                        "Simulator CA generated in memory: {}",
                        caCert.getSubjectX500Principal().getName());
            }
        }
    }

    public X509Certificate certificate() {
        return caCert;
    }

    /** The CA certificate in PEM. */
    public String certificatePem() {
        try {
            StringWriter w = new StringWriter();
            w.write("-----BEGIN CERTIFICATE-----\n");
            w.write(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(caCert.getEncoded()));
            w.write("\n-----END CERTIFICATE-----\n");
            return w.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signer's credential, issued on first use and cached per NIN (and name). */
    public SignerCredential credentialFor(TestUser user) {
        return bySigner.computeIfAbsent(user.nin() + "|" + user.fullName(), k -> issue(user));
    }

    public void clearCache() {
        bySigner.clear();
    }

    private SignerCredential issue(TestUser user) {
        try {
            KeyPair keys = newRsaKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "NO")
                    .addRDN(BCStyle.O, ORGANIZATION)
                    .addRDN(BCStyle.SERIALNUMBER, user.nin())
                    .addRDN(BCStyle.SURNAME, user.lastName())
                    .addRDN(BCStyle.GIVENNAME, user.firstName())
                    .addRDN(BCStyle.CN, user.fullName())
                    .build();
            Instant now = clock.instant();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            caCert,
                            serial(),
                            Date.from(now.minus(Duration.ofHours(1))),
                            Date.from(now.plus(Duration.ofDays(2 * 365))),
                            subject,
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
            return new SignerCredential(keys.getPrivate(), cert, caCert);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Could not issue a signer certificate", e);
        }
    }

    private X509Certificate createCaCertificate() throws GeneralSecurityException {
        try {
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "NO")
                    .addRDN(BCStyle.O, ORGANIZATION)
                    .addRDN(BCStyle.CN, "signchain Simulator Test CA")
                    .build();
            Instant now = clock.instant();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            name,
                            serial(),
                            Date.from(now.minus(Duration.ofDays(1))),
                            Date.from(now.plus(Duration.ofDays(10 * 365))),
                            name,
                            caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("Could not create the CA certificate", e);
        }
    }

    private KeyPair newRsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, random);
        return g.generateKeyPair();
    }

    private BigInteger serial() {
        return new BigInteger(63, random).add(BigInteger.ONE);
    }
}
