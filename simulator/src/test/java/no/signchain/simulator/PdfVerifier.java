package no.signchain.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** Verifies the simulator's PAdES output in Java (PDFBox + Bouncy Castle) and with poppler's pdfsig. */
final class PdfVerifier {

    static final Path PDFSIG = Path.of("/usr/bin/pdfsig");

    /** The simulator TSA's certificate CN: pdfsig shows a document timestamp as a "signature" by it. */
    static final String TSA_COMMON_NAME = "signchain Simulator TSA";

    record SignatureInfo(String commonName, String serialNumber, String subFilter, String name) {}

    private PdfVerifier() {}

    /**
     * Checks every signature of the PDF cryptographically against its byte range, its certificate against the CA,
     * the PAdES attributes, and that the last signature covers the whole file but for what an LT/LTA extension appends
     * after it (the DSS dictionary and a document timestamp, no further signature). Returns the signatures in order.
     */
    static List<SignatureInfo> verifyInJava(byte[] pdf, String caPem) throws Exception {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
        List<SignatureInfo> out = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<PDSignature> sigs = doc.getSignatureDictionaries().stream()
                    .filter(s -> !"ETSI.RFC3161".equals(s.getSubFilter())) // LTA's document timestamps
                    .sorted(java.util.Comparator.comparingInt(s -> s.getByteRange()[2] + s.getByteRange()[3]))
                    .toList();
            for (int i = 0; i < sigs.size(); i++) {
                PDSignature sig = sigs.get(i);
                assertEquals("Adobe.PPKLite", sig.getFilter());
                assertEquals("ETSI.CAdES.detached", sig.getSubFilter());
                assertNotNull(sig.getSignDate());
                int[] range = sig.getByteRange();
                assertEquals(0, range[0]);
                assertTrue(range[2] + range[3] <= pdf.length, "the byte range lies in the file");
                // /Contents is zero-padded to the reserved size: read just the one DER object
                ContentInfo contentInfo;
                try (ASN1InputStream in = new ASN1InputStream(sig.getContents(pdf))) {
                    contentInfo = ContentInfo.getInstance(in.readObject());
                }
                CMSSignedData cms =
                        new CMSSignedData(new CMSProcessableByteArray(sig.getSignedContent(pdf)), contentInfo);
                assertEquals(1, cms.getSignerInfos().size());
                SignerInformation si =
                        cms.getSignerInfos().getSigners().iterator().next();
                @SuppressWarnings("unchecked")
                X509CertificateHolder cert = (X509CertificateHolder)
                        cms.getCertificates().getMatches(si.getSID()).iterator().next();
                assertTrue(
                        si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert)),
                        "CMS signature " + i + " verifies");
                assertTrue(
                        cert.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca)),
                        "issued by the simulator CA");
                assertTrue(cms.getCertificates().getMatches(null).size() >= 1, "the signer certificate in the CMS");
                assertNotNull(
                        si.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2),
                        "ESS signing-certificate-v2");
                assertNull(
                        si.getSignedAttributes().get(PKCSObjectIdentifiers.pkcs_9_at_signingTime),
                        "PAdES: no CMS signing-time");
                assertEquals("2.16.840.1.101.3.4.2.1", si.getDigestAlgOID());
                X500Name subject = cert.getSubject();
                out.add(new SignatureInfo(
                        rdn(subject, BCStyle.CN),
                        rdn(subject, BCStyle.SERIALNUMBER),
                        sig.getSubFilter(),
                        sig.getName()));
            }
        }
        return out;
    }

    private static String rdn(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0
                ? null
                : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    /**
     * Runs pdfsig; asserts every signature is "Signature is Valid."; returns the signer common names in order.
     * Document timestamps (PAdES-BASELINE-LTA), which pdfsig lists as signatures of the TSA it cannot verify ("Signature
     * has not yet been verified."), are left out.
     */
    static List<String> verifyWithPdfsig(byte[] pdf, int expectedSignatures) throws IOException, InterruptedException {
        if (!Files.isExecutable(PDFSIG)) {
            fail("pdfsig (poppler-utils) is required for this test but " + PDFSIG
                    + " is not installed: apt-get install poppler-utils");
        }
        Path file = Files.createTempFile("signchain-sim-", ".pdf");
        try {
            Files.write(file, pdf);
            Process p = new ProcessBuilder(PDFSIG.toString(), file.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pdfsig finished");
            List<String> names = new ArrayList<>();
            String[] blocks = output.split("\nSignature #\\d+:");
            for (int i = 1; i < blocks.length; i++) {
                Matcher cn =
                        Pattern.compile("Signer Certificate Common Name: (.+)").matcher(blocks[i]);
                Matcher v = Pattern.compile("Signature Validation: (.+)").matcher(blocks[i]);
                assertTrue(cn.find() && v.find(), "pdfsig output:\n" + output);
                if (cn.group(1).trim().equals(TSA_COMMON_NAME)) {
                    continue; // a document timestamp
                }
                assertEquals("Signature is Valid.", v.group(1).trim(), "pdfsig output:\n" + output);
                names.add(cn.group(1).trim());
            }
            assertEquals(expectedSignatures, names.size(), "pdfsig output:\n" + output);
            return names;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
