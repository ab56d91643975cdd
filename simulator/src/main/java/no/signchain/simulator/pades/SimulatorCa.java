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
import java.util.concurrent.atomic.AtomicLong;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorBaseUrl;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.identity.TestUser;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.qualified.ETSIQCObjectIdentifiers;
import org.bouncycastle.asn1.x509.qualified.QCStatement;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The simulator's test CA (RSA 2048, SHA256withRSA), the only trust anchor of its signatures. Generated in memory at
 * startup, or loaded from / saved to the PKCS#12 file {@code signchain.simulator.ca.key-store} (alias {@code ca}).
 *
 * <p>It issues, on first use and cached for the life of the process:
 * <ul>
 *   <li>one signer certificate per test user, shaped like a qualified signing certificate (QES): subject
 *       {@code CN=<first last>, GIVENNAME, SURNAME, SERIALNUMBER=PNONO-<nin>} (or the bare NIN, see
 *       {@link CertificateIdentifier})<code>, O=BankID - Simulator, C=NO</code>; key usage nonRepudiation +
 *       digitalSignature (critical); ETSI EN 319 412-5 QC statements QcCompliance, QcSSCD and QcType esign; the
 *       certificate policies {@link #SIGNER_POLICY} (the simulator's own) and ETSI QCP-n-qscd; authority and subject
 *       key identifiers; CRL distribution point {@code <base>/simulator/ca.crl}; authority information access with the
 *       OCSP responder {@code <base>/simulator/ocsp} and the CA certificate {@code <base>/simulator/ca.cer};</li>
 *   <li>the simulator TSA's certificate (extended key usage timeStamping, critical), with the same revocation
 *       pointers.</li>
 * </ul>
 * Nothing is ever revoked: the CRL is empty and the OCSP responder answers "good" for every serial number it is
 * asked about. Only the JDK's own JCA providers are used here (EU DSS, which signs, registers Bouncy Castle itself).
 */
@Component
@InSimulatorContext
public class SimulatorCa {

    private static final Logger log = LoggerFactory.getLogger(SimulatorCa.class);
    static final String ORGANIZATION = "BankID - Simulator";
    private static final String ALIAS = "ca";

    /**
     * The simulator's own certificate policy for its signer certificates. Made up: an OID under {@code 2.25}, the arc
     * of OIDs derived from a UUID (ITU-T X.667), which anyone may use without registration; the UUID is
     * d24ce81c-8ff3-43bb-86f4-26f8930987b4, generated once for signchain's simulator. It stands in for the issuer's
     * qualified policy OID of a real certificate (BankID has its own).
     */
    public static final ASN1ObjectIdentifier SIMULATOR_ARC =
            new ASN1ObjectIdentifier("2.25.279537201458048023032946242872895178676");

    /** {@link #SIMULATOR_ARC}.1: the policy under which signer certificates are issued. */
    public static final ASN1ObjectIdentifier SIGNER_POLICY = SIMULATOR_ARC.branch("1");

    /** {@link #SIMULATOR_ARC}.2: the simulator TSA's timestamp policy (TSTInfo policy). */
    public static final ASN1ObjectIdentifier TSA_POLICY = SIMULATOR_ARC.branch("2");

    /** ETSI EN 319 411-2 QCP-n-qscd: qualified certificate for a natural person, key in a QSCD. */
    public static final ASN1ObjectIdentifier QCP_N_QSCD = new ASN1ObjectIdentifier("0.4.0.194112.1.2");

    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final X509CertificateHolder caHolder;
    private final ConcurrentHashMap<String, SignerCredential> bySigner = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;
    private final SimulatorBaseUrl baseUrl;
    private final CertificateIdentifier identifier;
    private final AtomicLong crlNumber = new AtomicLong();
    private volatile SignerCredential tsa;

    public SimulatorCa(
            SimulatorProperties props,
            SecureRandom simulatorSecureRandom,
            Clock simulatorClock,
            SimulatorBaseUrl baseUrl)
            throws GeneralSecurityException, IOException {
        this.random = simulatorSecureRandom;
        this.clock = simulatorClock;
        this.baseUrl = baseUrl;
        this.identifier = props.certificateIdentifier();
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
        caHolder = new JcaX509CertificateHolder(caCert);
    }

    public X509Certificate certificate() {
        return caCert;
    }

    X509CertificateHolder certificateHolder() {
        return caHolder;
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
        return bySigner.computeIfAbsent(user.nin() + "|" + user.fullName(), k -> issueSigner(user));
    }

    /** The simulator TSA's key and certificate, issued on first use. */
    SignerCredential tsaCredential() {
        SignerCredential t = tsa;
        if (t == null) {
            synchronized (this) {
                t = tsa;
                if (t == null) {
                    t = issueTsa();
                    tsa = t;
                }
            }
        }
        return t;
    }

    public void clearCache() {
        bySigner.clear();
    }

    /** A CRL issued now (thisUpdate now, nextUpdate in a day), empty: nothing is revoked. DER. */
    public byte[] crl() {
        Instant now = clock.instant();
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(caHolder.getSubject(), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber.incrementAndGet())));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert));
            X509CRLHolder crl = b.build(caSigner());
            return crl.getEncoded();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not issue a CRL", e);
        }
    }

    /** SHA256withRSA with the CA's key. */
    ContentSigner caSigner() {
        try {
            return new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    String crlUrl() {
        return baseUrl.get() + "/simulator/ca.crl";
    }

    String ocspUrl() {
        return baseUrl.get() + "/simulator/ocsp";
    }

    String caIssuersUrl() {
        return baseUrl.get() + "/simulator/ca.cer";
    }

    private SignerCredential issueSigner(TestUser user) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "NO")
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.SERIALNUMBER, identifier.serialNumberFor(user.nin()))
                .addRDN(BCStyle.SURNAME, user.lastName())
                .addRDN(BCStyle.GIVENNAME, user.firstName())
                .addRDN(BCStyle.CN, user.fullName())
                .build();
        ASN1Encodable qcStatements = new DERSequence(new ASN1Encodable[] {
            new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcCompliance),
            new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcSSCD),
            new QCStatement(
                    ETSIQCObjectIdentifiers.id_etsi_qcs_QcType,
                    new DERSequence(ETSIQCObjectIdentifiers.id_etsi_qct_esign))
        });
        return issue(
                subject,
                Duration.ofDays(2 * 365),
                (b, ext) -> b.addExtension(
                                Extension.keyUsage,
                                true,
                                new KeyUsage(KeyUsage.nonRepudiation | KeyUsage.digitalSignature))
                        .addExtension(
                                Extension.certificatePolicies, false, new CertificatePolicies(new PolicyInformation[] {
                                    new PolicyInformation(SIGNER_POLICY), new PolicyInformation(QCP_N_QSCD)
                                }))
                        .addExtension(Extension.qCStatements, false, qcStatements));
    }

    private SignerCredential issueTsa() {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "NO")
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, "signchain Simulator TSA")
                .build();
        return issue(
                subject,
                Duration.ofDays(5 * 365),
                (b, ext) -> b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(
                                Extension.extendedKeyUsage,
                                true,
                                new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping)));
    }

    @FunctionalInterface
    private interface Profile {
        void apply(X509v3CertificateBuilder b, JcaX509ExtensionUtils ext) throws IOException;
    }

    /** An end-entity certificate with the extensions every one has, plus the profile's. */
    private SignerCredential issue(X500Name subject, Duration validity, Profile profile) {
        try {
            KeyPair keys = newRsaKeyPair();
            Instant now = clock.instant();
            Instant notAfter = now.plus(validity);
            if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
                notAfter = caCert.getNotAfter().toInstant();
            }
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            caCert,
                            serial(),
                            Date.from(now.minus(Duration.ofHours(1))),
                            Date.from(notAfter),
                            subject,
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert))
                    .addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(new GeneralNames(uri(crlUrl()))), null, null)
                    }))
                    .addExtension(
                            Extension.authorityInfoAccess,
                            false,
                            new AuthorityInformationAccess(new AccessDescription[] {
                                new AccessDescription(AccessDescription.id_ad_ocsp, uri(ocspUrl())),
                                new AccessDescription(AccessDescription.id_ad_caIssuers, uri(caIssuersUrl()))
                            }));
            profile.apply(b, ext);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(caSigner()));
            return new SignerCredential(keys.getPrivate(), cert, caCert);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not issue a certificate", e);
        }
    }

    private static GeneralName uri(String url) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, url);
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
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            ext.createAuthorityKeyIdentifier(caKeys.getPublic()));
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
