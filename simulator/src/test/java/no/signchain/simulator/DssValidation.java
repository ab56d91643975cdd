package no.signchain.simulator;

import eu.europa.esig.dss.crl.CRLBinary;
import eu.europa.esig.dss.crl.CRLUtils;
import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.CertificateExtensionsUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * Validates PDFs with EU DSS as signchain's verifier would: DSS's default validation policy, the simulator CA as the
 * only trust anchor, offline (no AIA, OCSP or CRL fetching) unless a CRL source is given.
 */
final class DssValidation {

    /** One signature as DSS reports it, in document order. */
    record Result(
            String id,
            Indication indication,
            SubIndication subIndication,
            SignatureLevel level,
            String subjectSerialNumber,
            String commonName,
            long revisionEnd,
            List<String> errors,
            List<String> warnings) {

        @Override
        public String toString() {
            return indication + (subIndication != null ? "/" + subIndication : "") + " " + level + " " + commonName
                    + (errors.isEmpty() ? "" : " errors=" + errors)
                    + (warnings.isEmpty() ? "" : " warnings=" + warnings);
        }
    }

    private DssValidation() {}

    static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offline, now. */
    static List<Result> validate(byte[] pdf, X509Certificate trustAnchor) {
        return validate(pdf, trustAnchor, null, null);
    }

    /**
     * @param validationTime null for now
     * @param crlSource      null for offline (only what the PDF carries)
     */
    static List<Result> validate(byte[] pdf, X509Certificate trustAnchor, Date validationTime, CRLSource crlSource) {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(trustAnchor));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier(true); // true: no AIA source
        verifier.setTrustedCertSources(trusted);
        verifier.setCrlSource(crlSource);
        verifier.setOcspSource(null);

        SignedDocumentValidator validator =
                SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf, "signed.pdf"));
        validator.setCertificateVerifier(verifier);
        if (validationTime != null) {
            validator.setValidationTime(validationTime);
        }
        Reports reports = validator.validateDocument(); // DSS's default policy
        SimpleReport simple = reports.getSimpleReport();
        DiagnosticData diagnostic = reports.getDiagnosticData();
        List<Result> out = new ArrayList<>();
        for (String id : simple.getSignatureIdList()) {
            SignatureWrapper signature = diagnostic.getSignatureById(id);
            CertificateWrapper signer = signature.getSigningCertificate();
            List<BigInteger> byteRange = signature.getPDFRevision().getSignatureByteRange();
            out.add(new Result(
                    id,
                    simple.getIndication(id),
                    simple.getSubIndication(id),
                    simple.getSignatureFormat(id),
                    signer == null ? null : signer.getSubjectSerialNumber(),
                    signer == null ? null : signer.getCommonName(),
                    byteRange.get(2).add(byteRange.get(3)).longValue(),
                    texts(simple.getAdESValidationErrors(id)),
                    texts(simple.getAdESValidationWarnings(id))));
        }
        out.sort(Comparator.comparingLong(Result::revisionEnd));
        return out;
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::getValue).toList();
    }

    /** A CRL source that downloads the CRL from the certificate's CRL distribution point (the simulator's). */
    static CRLSource crlFromDistributionPoint() {
        return (CRLSource) (certificate, issuer) -> {
            List<String> urls = CertificateExtensionsUtils.getCRLAccessUrls(certificate);
            if (urls.isEmpty()) {
                return null;
            }
            try {
                HttpResponse<byte[]> r = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(urls.get(0)))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    return null;
                }
                CRLBinary binary = CRLUtils.buildCRLBinary(r.body());
                CRLToken token = new CRLToken(certificate, CRLUtils.buildCRLValidity(binary, issuer));
                token.setSourceURL(urls.get(0));
                token.setExternalOrigin(RevocationOrigin.EXTERNAL);
                return token;
            } catch (Exception e) {
                throw new IllegalStateException("CRL download from " + urls.get(0) + " failed", e);
            }
        };
    }
}
