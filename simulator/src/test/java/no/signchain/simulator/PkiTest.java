package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.samplePdf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.signchain.simulator.pades.SimulatorCa;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.qualified.ETSIQCObjectIdentifiers;
import org.bouncycastle.asn1.x509.qualified.QCStatement;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The simulator's PKI: the signer and TSA certificates' profile, and the CA, CRL, OCSP and TSA endpoints. */
class PkiTest extends ApiTestBase {

    private HttpResponse<byte[]> get(String path) {
        try {
            return sim.http.send(
                    HttpRequest.newBuilder(URI.create(sim.base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body) {
        try {
            return sim.http.send(
                    HttpRequest.newBuilder(URI.create(sim.base + path))
                            .header("Content-Type", contentType)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first signature's CMS of a freshly signed PDF. */
    private CMSSignedData signedCms() throws Exception {
        JsonNode s = sim.createSession(samplePdf("PKI"), AKSEL, "pki");
        assertEquals(
                200,
                sim.decide(s.get("signatureUrl").stringValue(), "sign", "application/json")
                        .statusCode());
        byte[] pdf = sim.getBytes(
                        "/sign/documents/" + sim.resultDocumentId(s.get("id").stringValue()))
                .body();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDSignature sig = doc.getSignatureDictionaries().get(0);
            // a stream: /Contents is the CMS followed by zero padding
            return new CMSSignedData(new ByteArrayInputStream(sig.getContents(pdf)));
        }
    }

    @SuppressWarnings("unchecked")
    private static X509CertificateHolder signerOf(CMSSignedData cms) {
        SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
        return (X509CertificateHolder)
                cms.getCertificates().getMatches(si.getSID()).iterator().next();
    }

    private static List<String> uris(GeneralNames names) {
        List<String> out = new ArrayList<>();
        for (GeneralName n : names.getNames()) {
            if (n.getTagNo() == GeneralName.uniformResourceIdentifier) {
                out.add(n.getName().toString());
            }
        }
        return out;
    }

    @Test
    void theSignerCertificateIsShapedLikeAQualifiedSigningCertificate() throws Exception {
        X509CertificateHolder cert = signerOf(signedCms());
        assertTrue(cert.isSignatureValid(new JcaContentVerifierProviderBuilder().build(sim.ca())));
        Extensions ext = cert.getExtensions();

        Extension ku = ext.getExtension(Extension.keyUsage);
        assertTrue(ku.isCritical());
        assertEquals(new KeyUsage(KeyUsage.nonRepudiation | KeyUsage.digitalSignature), KeyUsage.fromExtensions(ext));

        List<ASN1ObjectIdentifier> statements = new ArrayList<>();
        ASN1ObjectIdentifier qcType = null;
        for (var e : ASN1Sequence.getInstance(ext.getExtensionParsedValue(Extension.qCStatements))) {
            QCStatement q = QCStatement.getInstance(e);
            statements.add(q.getStatementId());
            if (q.getStatementId().equals(ETSIQCObjectIdentifiers.id_etsi_qcs_QcType)) {
                qcType = ASN1ObjectIdentifier.getInstance(
                        ASN1Sequence.getInstance(q.getStatementInfo()).getObjectAt(0));
            }
        }
        assertEquals(
                List.of(
                        ETSIQCObjectIdentifiers.id_etsi_qcs_QcCompliance,
                        ETSIQCObjectIdentifiers.id_etsi_qcs_QcSSCD,
                        ETSIQCObjectIdentifiers.id_etsi_qcs_QcType),
                statements);
        assertEquals(ETSIQCObjectIdentifiers.id_etsi_qct_esign, qcType);

        CertificatePolicies policies = CertificatePolicies.fromExtensions(ext);
        assertNotNull(policies.getPolicyInformation(SimulatorCa.SIGNER_POLICY));
        assertNotNull(policies.getPolicyInformation(SimulatorCa.QCP_N_QSCD));

        assertNotNull(ext.getExtension(Extension.authorityKeyIdentifier));
        assertNotNull(ext.getExtension(Extension.subjectKeyIdentifier));
        CRLDistPoint dp = CRLDistPoint.fromExtensions(ext);
        assertEquals(List.of(sim.base + "/simulator/ca.crl"), uris((GeneralNames)
                dp.getDistributionPoints()[0].getDistributionPoint().getName()));
        AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(ext);
        List<String> ocsp = new ArrayList<>();
        List<String> issuers = new ArrayList<>();
        for (AccessDescription d : aia.getAccessDescriptions()) {
            (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp) ? ocsp : issuers)
                    .add(d.getAccessLocation().getName().toString());
        }
        assertEquals(List.of(sim.base + "/simulator/ocsp"), ocsp);
        assertEquals(List.of(sim.base + "/simulator/ca.cer"), issuers);
    }

    @Test
    void theSignatureTimestampComesFromTheSimulatorTsa() throws Exception {
        SignerInformation si =
                signedCms().getSignerInfos().getSigners().iterator().next();
        var attr = si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        assertNotNull(attr, "signature-time-stamp (T level and up)");
        TimeStampToken tst = new TimeStampToken(new CMSSignedData(
                attr.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()));
        assertEquals(SimulatorCa.TSA_POLICY, tst.getTimeStampInfo().getPolicy());
        @SuppressWarnings("unchecked")
        X509CertificateHolder tsa = (X509CertificateHolder)
                tst.getCertificates().getMatches(tst.getSID()).iterator().next();
        assertTrue(tsa.isSignatureValid(new JcaContentVerifierProviderBuilder().build(sim.ca())));
        Extension eku = tsa.getExtension(Extension.extendedKeyUsage);
        assertTrue(eku.isCritical());
        assertTrue(
                ExtendedKeyUsage.fromExtensions(tsa.getExtensions()).hasKeyPurposeId(KeyPurposeId.id_kp_timeStamping));
        tst.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
    }

    @Test
    void theCaIsServedInDerAndItsCrlIsFreshAndEmpty() throws Exception {
        HttpResponse<byte[]> der = get("/simulator/ca.cer");
        assertEquals(200, der.statusCode());
        assertEquals(
                "application/pkix-cert",
                der.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(sim.ca().getEncoded(), der.body());

        HttpResponse<byte[]> r = get("/simulator/ca.crl");
        assertEquals(200, r.statusCode());
        assertEquals(
                "application/pkix-crl", r.headers().firstValue("Content-Type").orElse(""));
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(r.body()));
        crl.verify(sim.ca().getPublicKey());
        assertEquals(sim.ca().getSubjectX500Principal(), crl.getIssuerX500Principal());
        assertNull(crl.getRevokedCertificates());
        assertTrue(crl.getThisUpdate().toInstant().isAfter(Instant.now().minus(Duration.ofMinutes(1))));
        assertTrue(crl.getNextUpdate().after(crl.getThisUpdate()));
    }

    @Test
    void theOcspResponderSaysGoodForTheCasCertificatesAndEchoesTheNonce() throws Exception {
        X509CertificateHolder signer = signerOf(signedCms());
        X509CertificateHolder caHolder = new JcaX509CertificateHolder(sim.ca());
        CertificateID id = new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                caHolder,
                signer.getSerialNumber());
        byte[] nonce = MessageDigest.getInstance("SHA-256").digest(new byte[] {42});
        OCSPReq req = new OCSPReqBuilder()
                .addRequest(id)
                .setRequestExtensions(new Extensions(new Extension(
                        OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce).getEncoded())))
                .build();
        HttpResponse<byte[]> r = post("/simulator/ocsp", "application/ocsp-request", req.getEncoded());
        assertEquals(200, r.statusCode());
        assertEquals(
                "application/ocsp-response",
                r.headers().firstValue("Content-Type").orElse(""));
        OCSPResp resp = new OCSPResp(r.body());
        assertEquals(OCSPResp.SUCCESSFUL, resp.getStatus());
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(sim.ca())));
        SingleResp single = basic.getResponses()[0];
        assertEquals(id, single.getCertID());
        assertNull(single.getCertStatus(), "good");
        assertNotNull(single.getNextUpdate());
        assertEquals(
                new DEROctetString(nonce),
                basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getParsedValue());

        CertificateID foreign = new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                signer, // not our CA
                BigInteger.TEN);
        OCSPResp unauthorized = new OCSPResp(post(
                        "/simulator/ocsp",
                        "application/ocsp-request",
                        new OCSPReqBuilder().addRequest(foreign).build().getEncoded())
                .body());
        assertEquals(OCSPResp.UNAUTHORIZED, unauthorized.getStatus());
    }

    @Test
    void theTsaGrantsRfc3161Requests() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("hello".getBytes());
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        TimeStampRequest req = g.generate(TSPAlgorithms.SHA256, digest, BigInteger.valueOf(7));
        HttpResponse<byte[]> r = post("/simulator/tsa", "application/timestamp-query", req.getEncoded());
        assertEquals(200, r.statusCode());
        assertEquals(
                "application/timestamp-reply",
                r.headers().firstValue("Content-Type").orElse(""));
        TimeStampResponse resp = new TimeStampResponse(r.body());
        resp.validate(req);
        assertEquals(0, resp.getStatus(), "granted");
        TimeStampToken tst = resp.getTimeStampToken();
        assertArrayEquals(digest, tst.getTimeStampInfo().getMessageImprintDigest());
        assertEquals(BigInteger.valueOf(7), tst.getTimeStampInfo().getNonce());
        @SuppressWarnings("unchecked")
        X509CertificateHolder tsa = (X509CertificateHolder)
                tst.getCertificates().getMatches(tst.getSID()).iterator().next();
        tst.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
        assertTrue(tsa.isSignatureValid(new JcaContentVerifierProviderBuilder().build(sim.ca())));

        TimeStampResponse rejected =
                new TimeStampResponse(post("/simulator/tsa", "application/timestamp-query", new byte[] {1, 2, 3})
                        .body());
        assertEquals(2, rejected.getStatus(), "rejection");
    }
}
