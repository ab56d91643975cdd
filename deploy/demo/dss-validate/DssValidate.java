import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.FileInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * EU DSS on a signed PDF, outside signchain: DSS's default validation policy, the given certificate as the only trust
 * anchor, offline. One line per signature in signing order: indication, level, signer, subject serialNumber.
 * Run by deploy/demo/dss-validate.sh.
 */
public class DssValidate {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DssValidate <signed.pdf> <trust-anchor.pem>");
            System.exit(2);
        }
        X509Certificate anchor;
        try (FileInputStream in = new FileInputStream(args[1])) {
            anchor = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(anchor));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier(true);
        verifier.setTrustedCertSources(trusted);
        verifier.setCrlSource(null);
        verifier.setOcspSource(null);
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new FileDocument(args[0]));
        validator.setCertificateVerifier(verifier);
        Reports reports = validator.validateDocument();
        SimpleReport simple = reports.getSimpleReport();
        List<SignatureWrapper> signatures = new ArrayList<>(reports.getDiagnosticData().getSignatures());
        signatures.sort(Comparator.comparing(s -> {
            List<BigInteger> range = s.getPDFRevision().getSignatureByteRange();
            return range.get(2).add(range.get(3));
        }));
        System.out.println(signatures.size() + " signature(s)");
        boolean allPassed = !signatures.isEmpty();
        for (SignatureWrapper signature : signatures) {
            String id = signature.getId();
            System.out.printf("%s %s %s serialNumber=%s%n", simple.getIndication(id),
                    simple.getSignatureFormat(id), simple.getSignedBy(id),
                    signature.getSigningCertificate().getSubjectSerialNumber());
            allPassed &= simple.getIndication(id).name().equals("TOTAL_PASSED");
        }
        System.exit(allPassed ? 0 : 1);
    }
}
