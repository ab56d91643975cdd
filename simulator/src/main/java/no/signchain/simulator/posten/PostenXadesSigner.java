package no.signchain.simulator.posten;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.identity.TestUser;
import no.signchain.simulator.pades.SignerCredential;
import no.signchain.simulator.pades.SimulatorCa;
import no.signchain.simulator.pades.SimulatorRevocation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The XAdES signature Posten returns per signer: a detached XAdES-B-B over the document, made with the signer's
 * certificate from the simulator CA (the same credentials the PAdES signatures use).
 */
@Component
@InSimulatorContext
@ConditionalOnProperty(name = "signchain.simulator.posten.enabled", havingValue = "true")
public class PostenXadesSigner {

    private final SimulatorCa ca;
    private final XAdESService service;

    public PostenXadesSigner(SimulatorCa ca, SimulatorRevocation revocation) {
        this.ca = ca;
        // As the PAdES signer: the simulator CA trusted, its revocation data in-process, nothing fetched.
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(ca.certificate()));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier(true);
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(revocation.ocspSource());
        verifier.setCrlSource(revocation.crlSource());
        this.service = new XAdESService(verifier);
    }

    byte[] sign(byte[] document, String documentName, TestUser signer, Instant signingTime) throws IOException {
        SignerCredential cred = ca.credentialFor(signer);
        XAdESSignatureParameters p = new XAdESSignatureParameters();
        p.setSignatureLevel(SignatureLevel.XAdES_BASELINE_B);
        p.setSignaturePackaging(SignaturePackaging.DETACHED);
        p.setDigestAlgorithm(DigestAlgorithm.SHA256);
        p.setSigningCertificate(new CertificateToken(cred.certificate()));
        p.setCertificateChain(List.of(new CertificateToken(cred.caCertificate())));
        p.bLevel().setSigningDate(Date.from(signingTime));
        DSSDocument in = new InMemoryDocument(document, documentName, MimeTypeEnum.PDF);
        try {
            ToBeSigned toBeSigned = service.getDataToSign(in, p);
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(cred.privateKey());
            rsa.update(toBeSigned.getBytes());
            DSSDocument out =
                    service.signDocument(in, p, new SignatureValue(SignatureAlgorithm.RSA_SHA256, rsa.sign()));
            return DSSUtils.toByteArray(out);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("XAdES signing failed: " + e.getMessage(), e);
        }
    }
}
