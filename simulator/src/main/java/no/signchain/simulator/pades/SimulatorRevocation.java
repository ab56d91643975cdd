package no.signchain.simulator.pades;

import eu.europa.esig.dss.crl.CRLBinary;
import eu.europa.esig.dss.crl.CRLUtils;
import eu.europa.esig.dss.crl.CRLValidity;
import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPToken;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import no.signchain.simulator.InSimulatorContext;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.CertStatus;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponseData;
import org.bouncycastle.asn1.ocsp.SingleResponse;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.springframework.stereotype.Component;

/**
 * Revocation data of the simulator CA: OCSP responses signed by the CA itself (responder ID by key, the CA
 * certificate included) and CRLs, both issued at the moment they are asked for, so they are always newer than the
 * signature and its timestamp. Served over HTTP ({@code /simulator/ocsp}, {@code /simulator/ca.crl}) and, without an
 * HTTP round trip, to EU DSS while it signs ({@link #ocspSource()}, {@link #crlSource()}).
 *
 * <p>OCSP times are GeneralizedTime with milliseconds, so a response made right after a timestamp (whose time has
 * whole seconds) is strictly later than it, as DSS wants of revocation data for LT ("fresh" after the best signature
 * time). A CRL's thisUpdate is whole seconds (UTCTime), which is why DSS is given OCSP first.
 */
@Component
@InSimulatorContext
public class SimulatorRevocation {

    /** How long an answer is good for (nextUpdate - thisUpdate). */
    private static final Duration VALIDITY = Duration.ofDays(1);

    private final SimulatorCa ca;
    private final Clock clock;
    private final DigestCalculatorProvider digests;

    public SimulatorRevocation(SimulatorCa ca, Clock simulatorClock) {
        this.ca = ca;
        this.clock = simulatorClock;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "good" for the certificate with this serial number, issued by the simulator CA. */
    BasicOCSPResp ocspGood(BigInteger serialNumber) {
        try {
            CertificateID id =
                    new CertificateID(digests.get(CertificateID.HASH_SHA1), ca.certificateHolder(), serialNumber);
            return build(new CertificateID[] {id}, null);
        } catch (OCSPException | OperatorCreationException e) {
            throw new IllegalStateException("Could not make an OCSP response", e);
        }
    }

    /**
     * Answers a DER OCSPRequest (RFC 6960): "good" for every certificate of the simulator CA asked about (nothing is
     * ever revoked), the nonce echoed; {@code unauthorized} when a request names another issuer, {@code malformedRequest}
     * when it cannot be parsed. Returns the DER OCSPResponse.
     */
    public byte[] respond(byte[] request) {
        try {
            OCSPReq req;
            try {
                req = new OCSPReq(request);
            } catch (IOException | RuntimeException e) {
                return new OCSPRespBuilder()
                        .build(OCSPRespBuilder.MALFORMED_REQUEST, null)
                        .getEncoded();
            }
            Req[] asked = req.getRequestList();
            if (asked.length == 0) {
                return new OCSPRespBuilder()
                        .build(OCSPRespBuilder.MALFORMED_REQUEST, null)
                        .getEncoded();
            }
            CertificateID[] ids = new CertificateID[asked.length];
            for (int i = 0; i < asked.length; i++) {
                ids[i] = asked[i].getCertID();
                if (!ids[i].matchesIssuer(ca.certificateHolder(), digests)) {
                    return new OCSPRespBuilder()
                            .build(OCSPRespBuilder.UNAUTHORIZED, null)
                            .getEncoded();
                }
            }
            Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            BasicOCSPResp basic = build(ids, nonce == null ? null : new Extensions(nonce));
            return new OCSPRespBuilder()
                    .build(OCSPRespBuilder.SUCCESSFUL, basic)
                    .getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("Could not make an OCSP response", e);
        }
    }

    /**
     * A BasicOCSPResponse signed by the CA, "good" for each id, thisUpdate and producedAt now and nextUpdate in a
     * day, all GeneralizedTime with milliseconds (Bouncy Castle's BasicOCSPRespBuilder would cut them to seconds).
     */
    private BasicOCSPResp build(CertificateID[] ids, Extensions extensions) throws OCSPException {
        Instant now = clock.instant();
        X509CertificateHolder caCert = ca.certificateHolder();
        ASN1EncodableVector responses = new ASN1EncodableVector();
        for (CertificateID id : ids) {
            responses.add(new SingleResponse(
                    id.toASN1Primitive(), new CertStatus(), time(now), time(now.plus(VALIDITY)), (Extensions) null));
        }
        ResponseData data = new ResponseData(
                new RespID(caCert.getSubjectPublicKeyInfo(), sha1()).toASN1Primitive(),
                time(now),
                new DERSequence(responses),
                extensions);
        try {
            ContentSigner signer = ca.caSigner();
            try (OutputStream out = signer.getOutputStream()) {
                out.write(data.getEncoded(ASN1Encoding.DER));
            }
            return new BasicOCSPResp(new BasicOCSPResponse(
                    data,
                    signer.getAlgorithmIdentifier(),
                    new DERBitString(signer.getSignature()),
                    new DERSequence(caCert.toASN1Structure())));
        } catch (IOException e) {
            throw new OCSPException("Could not sign the OCSP response", e);
        }
    }

    /** DER GeneralizedTime with milliseconds (trailing zeros of the fraction dropped, as DER wants). */
    static ASN1GeneralizedTime time(Instant t) {
        String s = MILLIS.format(t);
        int dot = s.indexOf('.');
        int end = s.length();
        while (end > dot + 1 && s.charAt(end - 1) == '0') {
            end--;
        }
        if (end == dot + 1) {
            end = dot;
        }
        return new DERGeneralizedTime(s.substring(0, end) + "Z");
    }

    private org.bouncycastle.operator.DigestCalculator sha1() {
        try {
            return digests.get(CertificateID.HASH_SHA1);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSS").withZone(ZoneOffset.UTC);

    /** DSS's view of the OCSP responder, in-process. Answers for certificates of the simulator CA only. */
    public OCSPSource ocspSource() {
        return new InProcessOcspSource(this);
    }

    /** DSS's view of the CRL distribution point, in-process. Answers for certificates of the simulator CA only. */
    public CRLSource crlSource() {
        return new InProcessCrlSource(this);
    }

    private boolean issuedByUs(CertificateToken certificate, CertificateToken issuer) {
        return issuer != null
                && certificate != null
                && issuer.getCertificate().equals(ca.certificate())
                && certificate.isSignedBy(issuer);
    }

    private static final class InProcessOcspSource implements OCSPSource {
        private static final long serialVersionUID = 1L;
        private final transient SimulatorRevocation revocation;

        InProcessOcspSource(SimulatorRevocation revocation) {
            this.revocation = revocation;
        }

        @Override
        public OCSPToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
            if (!revocation.issuedByUs(certificate, issuer)) {
                return null;
            }
            BasicOCSPResp response = revocation.ocspGood(certificate.getSerialNumber());
            OCSPToken token = new OCSPToken(response, response.getResponses()[0], certificate, issuer);
            token.setSourceURL(revocation.ca.ocspUrl());
            token.setExternalOrigin(RevocationOrigin.EXTERNAL);
            return token;
        }
    }

    private static final class InProcessCrlSource implements CRLSource {
        private static final long serialVersionUID = 1L;
        private final transient SimulatorRevocation revocation;

        InProcessCrlSource(SimulatorRevocation revocation) {
            this.revocation = revocation;
        }

        @Override
        public CRLToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
            if (!revocation.issuedByUs(certificate, issuer)) {
                return null;
            }
            try {
                CRLBinary binary = CRLUtils.buildCRLBinary(revocation.ca.crl());
                CRLValidity validity = CRLUtils.buildCRLValidity(binary, issuer);
                CRLToken token = new CRLToken(certificate, validity);
                token.setSourceURL(revocation.ca.crlUrl());
                token.setExternalOrigin(RevocationOrigin.EXTERNAL);
                return token;
            } catch (IOException e) {
                throw new IllegalStateException("Could not read the simulator's own CRL", e);
            }
        }
    }
}
