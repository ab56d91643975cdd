package no.signchain.simulator.posten;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The two-way TLS certificates of the fake Posten signering service, in memory: a test CA standing in for Buypass or
 * Commfides, Posten Norge AS's server certificate from it, and Norwegian organisation certificates
 * ("virksomhetssertifikat") for senders. The organisation number sits in the subject's {@code SERIALNUMBER}, where
 * Buypass and Commfides put it and where the official client looks for Posten's (984661185).
 *
 * <p>A second instance is a different CA: its certificates are what a client "from another CA" presents.
 */
public final class PostenPki {

    /** Posten Norge AS, the organisation behind the signature service. */
    public static final String POSTEN_ORGANISATION_NUMBER = "984661185";

    /** The alias of the key entry in the keystores this class makes. */
    public static final String KEY_ALIAS = "organisation-certificate";

    private static final Duration VALIDITY = Duration.ofDays(365);

    private final SecureRandom random = new SecureRandom();
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    private PostenPki(String caName) {
        try {
            caKeys = rsa();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "NO")
                    .addRDN(BCStyle.O, caName)
                    .addRDN(BCStyle.CN, caName + " Class 3 Test CA")
                    .build();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(subject, subject, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            caCertificate = sign(b, caKeys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("could not make the test CA", e);
        }
    }

    /** A new CA named {@code caName} (its organisation), with a fresh key. */
    public static PostenPki generate(String caName) {
        return new PostenPki(caName);
    }

    /** The trust anchor: what a client's truststore holds to trust the server, and the server to trust clients. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** Posten Norge AS's server certificate and key, as the fake service presents them. */
    public KeyStore postenServerKeyStore(char[] password) {
        return serverKeyStore("signering.posten.no", "POSTEN NORGE AS", POSTEN_ORGANISATION_NUMBER, password);
    }

    /** A server certificate and key for any organisation: an impostor, to show a client refuses it. */
    public KeyStore serverKeyStore(String commonName, String organisation, String organisationNumber, char[] password) {
        return keyStore(issue(commonName, organisation, organisationNumber, true), password);
    }

    /**
     * An organisation certificate for {@code organisationNumber} (key and chain, alias {@link #KEY_ALIAS}) in a
     * PKCS#12 keystore, as the official client's {@code KeyStoreConfig} takes it.
     */
    public KeyStore organisationCertificate(String organisationNumber, String organisationName, char[] password) {
        return keyStore(issue(organisationName, organisationName, organisationNumber, false), password);
    }

    private record Issued(PrivateKey key, X509Certificate certificate) {}

    private Issued issue(String commonName, String organisation, String organisationNumber, boolean server) {
        try {
            KeyPair keys = rsa();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "NO")
                    .addRDN(BCStyle.O, organisation)
                    .addRDN(BCStyle.SERIALNUMBER, organisationNumber)
                    .addRDN(BCStyle.CN, commonName)
                    .build();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(
                            X500Name.getInstance(
                                    caCertificate.getSubjectX500Principal().getEncoded()),
                            subject,
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(
                            Extension.extendedKeyUsage,
                            false,
                            new ExtendedKeyUsage(
                                    server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
                    .addExtension(
                            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (server) {
                b.addExtension(Extension.subjectAlternativeName, false, alternativeNames(commonName));
            }
            return new Issued(keys.getPrivate(), sign(b, caKeys.getPrivate()));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("could not issue a certificate", e);
        }
    }

    /**
     * A server certificate names its host (Posten's names theirs); the fake's also names loopback, where it runs, as
     * the HTTP client under the official client checks the host name.
     */
    private static GeneralNames alternativeNames(String commonName) {
        return new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, commonName),
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1")
        });
    }

    private KeyStore keyStore(Issued issued, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(KEY_ALIAS, issued.key(), password, new Certificate[] {issued.certificate(), caCertificate});
            return ks;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not make a keystore", e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, java.security.PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)),
                subject,
                key);
    }

    private KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, random);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    }

    /** The organisation number in a certificate's subject ({@code SERIALNUMBER}), or null. */
    public static String organisationNumber(X509Certificate certificate) {
        X500Name name =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        var rdns = name.getRDNs(BCStyle.SERIALNUMBER);
        if (rdns.length == 0) {
            return null;
        }
        String value = rdns[0].getFirst().getValue().toString();
        return value.matches("[0-9]{9}") ? value : null;
    }
}
