package no.signchain.simulator.pades;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.identity.TestUser;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.springframework.stereotype.Component;

/**
 * Real PAdES baseline-B signatures with PDFBox and Bouncy Castle: an invisible signature field, Filter
 * {@code Adobe.PPKLite}, SubFilter {@code ETSI.CAdES.detached}, a detached CMS SignedData (SHA-256, SHA256withRSA)
 * with signed attributes content-type, message-digest, CMS algorithm protection and ESS signing-certificate-v2
 * (no CMS signing-time: PAdES puts the time in the signature dictionary's {@code /M}). The chain (leaf + CA) is in
 * the CMS. Each signing is an incremental update, so earlier signatures stay valid.
 */
@Component
@InSimulatorContext
public class PadesSigner {

    /** Room reserved for the CMS in /Contents (bytes); the CMS is about 2.5 KB with a two-certificate chain. */
    private static final int SIGNATURE_SIZE = 16 * 1024;

    private final SimulatorCa ca;

    public PadesSigner(SimulatorCa ca) {
        this.ca = ca;
    }

    /** Signs {@code pdf} as {@code signer} at {@code signingTime}; returns the incrementally updated PDF. */
    public byte[] sign(byte[] pdf, TestUser signer, Instant signingTime) throws IOException {
        SignerCredential cred = ca.credentialFor(signer);
        try (PDDocument doc = Loader.loadPDF(pdf);
                SignatureOptions options = new SignatureOptions()) {
            if (doc.isEncrypted()) {
                throw new IOException("Encrypted PDFs are not supported by the simulator");
            }
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(signer.fullName());
            signature.setLocation("Norway");
            signature.setReason("Signed with Norwegian BankID (signchain simulator)");
            Calendar when = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            when.setTimeInMillis(signingTime.toEpochMilli());
            signature.setSignDate(when);
            options.setPreferredSignatureSize(SIGNATURE_SIZE);
            doc.addSignature(signature, content -> cms(content, cred), options);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + SIGNATURE_SIZE * 2 + 8192);
            doc.saveIncremental(out);
            return out.toByteArray();
        }
    }

    private static byte[] cms(InputStream content, SignerCredential cred) throws IOException {
        try {
            byte[] data = content.readAllBytes();
            X509Certificate cert = cred.certificate();
            ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(cred.privateKey());
            JcaSignerInfoGeneratorBuilder sig =
                    new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build());
            sig.setSignedAttributeGenerator(new PadesSignedAttributes(signingCertificateV2(cert)));
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(sig.build(contentSigner, cert));
            gen.addCertificates(new JcaCertStore(List.of(cert, cred.caCertificate())));
            CMSSignedData signed = gen.generate(new CMSProcessableByteArray(data), false);
            return signed.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | CertificateEncodingException e) {
            throw new IOException("CMS signing failed", e);
        }
    }

    /** ESS signing-certificate-v2 (RFC 5035) naming the signer certificate by SHA-256 hash and issuer/serial. */
    private static Attribute signingCertificateV2(X509Certificate cert) throws CertificateEncodingException {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        IssuerSerial issuerSerial = new IssuerSerial(
                new GeneralNames(new GeneralName(
                        X500Name.getInstance(cert.getIssuerX500Principal().getEncoded()))),
                cert.getSerialNumber());
        // SHA-256 is ESSCertIDv2's default hash algorithm, so it is omitted from the encoding.
        ESSCertIDv2 id = new ESSCertIDv2(hash, issuerSerial);
        return new Attribute(
                PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {id})));
    }

    /** Bouncy Castle's standard signed attributes plus signing-certificate-v2, minus signing-time. */
    private static final class PadesSignedAttributes implements CMSAttributeTableGenerator {
        private final DefaultSignedAttributeTableGenerator standard;

        PadesSignedAttributes(Attribute signingCertificateV2) {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(signingCertificateV2);
            this.standard = new DefaultSignedAttributeTableGenerator(new AttributeTable(v));
        }

        @Override
        @SuppressWarnings("rawtypes")
        public AttributeTable getAttributes(Map parameters) {
            return standard.getAttributes(parameters).remove(CMSAttributes.signingTime);
        }
    }
}
