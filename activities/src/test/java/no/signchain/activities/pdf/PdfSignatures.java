package no.signchain.activities.pdf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;

/**
 * Reads the signatures of a signed PDF two independent ways: in Java (PDFBox for the structure, Bouncy Castle for
 * the CMS) and with poppler's {@code pdfsig}. Test code: the product never verifies its own output this way.
 */
public final class PdfSignatures {

    private PdfSignatures() {}

    /**
     * One signature, in signing order.
     *
     * @param commonName   the signer certificate's CN
     * @param serialNumber the signer certificate's subject serialNumber: the ETSI semantics identifier PNONO-<number>
     * @param valid        the CMS signature verifies over the signed byte ranges with the embedded certificate
     * @param signedBytes  how many bytes of the file the signature's revision ends at
     */
    public record Signature(String commonName, String serialNumber, boolean valid, long signedBytes) {}

    /**
     * One signature as EU DSS reports it under its default policy, in signing order.
     *
     * @param indication          TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED
     * @param level               e.g. {@code PAdES_BASELINE_LT}
     * @param subjectSerialNumber the signing certificate's subject serialNumber
     */
    public record DssSignature(String indication, String subIndication, String level, String subjectSerialNumber) {}

    /**
     * Validates the PDF with DSS directly, not through signchain's verifier: default policy, the given certificate as
     * the only trust anchor, offline (only what the document carries).
     */
    public static List<DssSignature> withDss(byte[] pdf, java.security.cert.X509Certificate trustAnchor) {
        eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource trusted =
                new eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource();
        trusted.addCertificate(new eu.europa.esig.dss.model.x509.CertificateToken(trustAnchor));
        eu.europa.esig.dss.spi.validation.CommonCertificateVerifier verifier =
                new eu.europa.esig.dss.spi.validation.CommonCertificateVerifier(true);
        verifier.setTrustedCertSources(trusted);
        verifier.setCrlSource(null);
        verifier.setOcspSource(null);
        eu.europa.esig.dss.validation.SignedDocumentValidator validator =
                eu.europa.esig.dss.validation.SignedDocumentValidator.fromDocument(
                        new eu.europa.esig.dss.model.InMemoryDocument(pdf));
        validator.setCertificateVerifier(verifier);
        eu.europa.esig.dss.validation.reports.Reports reports = validator.validateDocument();
        var simple = reports.getSimpleReport();
        var diagnostics = reports.getDiagnosticData();
        List<eu.europa.esig.dss.diagnostic.SignatureWrapper> signatures = new ArrayList<>(diagnostics.getSignatures());
        signatures.sort(Comparator.comparing(s -> {
            List<java.math.BigInteger> range = s.getPDFRevision().getSignatureByteRange();
            return range.get(2).add(range.get(3));
        }));
        List<DssSignature> found = new ArrayList<>();
        for (var signature : signatures) {
            String id = signature.getId();
            found.add(new DssSignature(
                    String.valueOf(simple.getIndication(id)),
                    simple.getSubIndication(id) == null
                            ? null
                            : simple.getSubIndication(id).name(),
                    String.valueOf(simple.getSignatureFormat(id)),
                    signature.getSigningCertificate().getSubjectSerialNumber()));
        }
        return found;
    }

    /** A {@code pdfsig} report of one signature. */
    public record PdfsigSignature(String commonName, boolean valid, String validation) {}

    public static List<Signature> inJava(byte[] pdf) throws Exception {
        List<Signature> found = new ArrayList<>();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            for (PDSignature signature : document.getSignatureDictionaries()) {
                byte[] contents = signature.getContents(pdf);
                byte[] signedContent = signature.getSignedContent(pdf);
                // /Contents is zero-padded to its reserved size: read the first DER object only, or Bouncy Castle
                // rejects the padding as "Extra data detected in stream".
                ContentInfo contentInfo;
                try (ASN1InputStream asn1 = new ASN1InputStream(contents)) {
                    contentInfo = ContentInfo.getInstance(asn1.readObject());
                }
                CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signedContent), contentInfo);
                SignerInformation signer =
                        cms.getSignerInfos().getSigners().iterator().next();
                @SuppressWarnings("unchecked")
                X509CertificateHolder certificate = (X509CertificateHolder) cms.getCertificates()
                        .getMatches(signer.getSID())
                        .iterator()
                        .next();
                boolean valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
                int[] range = signature.getByteRange();
                found.add(new Signature(
                        rdn(certificate.getSubject(), BCStyle.CN),
                        rdn(certificate.getSubject(), BCStyle.SERIALNUMBER),
                        valid,
                        (long) range[2] + range[3]));
            }
        }
        found.sort(Comparator.comparingLong(Signature::signedBytes));
        return found;
    }

    /** Runs {@code pdfsig} on the file; fails with a clear message when poppler-utils is not installed. */
    public static List<PdfsigSignature> withPdfsig(Path pdf) throws IOException, InterruptedException {
        Path pdfsig = Path.of("/usr/bin/pdfsig");
        if (!Files.isExecutable(pdfsig)) {
            throw new IllegalStateException("pdfsig is missing: apt-get install poppler-utils (.ci/run does)");
        }
        Process process = new ProcessBuilder(pdfsig.toString(), pdf.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("pdfsig did not finish");
        }
        List<PdfsigSignature> signatures = new ArrayList<>();
        Matcher block = Pattern.compile("Signature #\\d+:(.*?)(?=Signature #\\d+:|\\z)", Pattern.DOTALL)
                .matcher(output);
        while (block.find()) {
            String text = block.group(1);
            String name = find(text, "Signer Certificate Common Name: (.*)");
            String validation = find(text, "Signature Validation: (.*)");
            signatures.add(new PdfsigSignature(name, "Signature is Valid.".equals(validation), validation));
        }
        if (signatures.isEmpty() && !output.contains("does not contain any signatures")) {
            throw new IllegalStateException("unexpected pdfsig output:\n" + output);
        }
        return signatures;
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1).strip() : null;
    }

    private static String rdn(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0
                ? null
                : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
