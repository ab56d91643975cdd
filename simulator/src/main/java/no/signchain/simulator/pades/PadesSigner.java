package no.signchain.simulator.pades;

import eu.europa.esig.dss.alert.LogOnStatusAlert;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.identity.TestUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.stereotype.Component;

/**
 * PAdES signatures made with EU DSS 6 (PDFBox), as Signicat's NBID PKI signing makes them ("DSS-signed PAdES"):
 * an invisible signature, {@code Adobe.PPKLite} / {@code ETSI.CAdES.detached}, SHA-256 with RSA, at the level
 * {@code signchain.simulator.signature-level} (default LT): a signature timestamp from the {@link SimulatorTsa} from T
 * on, the certificates and OCSP responses of the simulator CA in the DSS dictionary from LT on (in a revision of its
 * own after the signature), a document timestamp for LTA. Every step is an incremental update, so the input's bytes
 * are a prefix of the output and earlier signatures stay valid; for LT, DSS adds validation data for earlier
 * signatures too.
 *
 * <p>The CA is DSS's only trust anchor here, and revocation data comes in-process from {@link SimulatorRevocation}
 * (no HTTP to the simulator itself, no AIA fetching). An input whose earlier signatures are already broken (see the
 * {@code tamper} knob) is signed anyway, with a warning in the log: the simulator signs what it is given.
 */
@Component
@InSimulatorContext
public class PadesSigner {

    private static final Logger log = LoggerFactory.getLogger(PadesSigner.class);

    /** Room reserved for the CMS in /Contents (bytes); with the signature timestamp the CMS is about 5 KB. */
    private static final int SIGNATURE_SIZE = 10 * 1024;

    private final SimulatorCa ca;
    private final PadesLevel level;
    private final PAdESService service;

    public PadesSigner(SimulatorCa ca, SimulatorTsa tsa, SimulatorRevocation revocation, SimulatorProperties props) {
        this.ca = ca;
        this.level = props.signatureLevel();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(ca.certificate()));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier(true); // true: no AIA source (offline)
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(revocation.ocspSource());
        verifier.setCrlSource(revocation.crlSource());
        verifier.setAlertOnInvalidSignature(new LogOnStatusAlert(Level.WARN));
        this.service = new PAdESService(verifier);
        this.service.setTspSource(tsa);
        this.service.setPdfObjFactory(new PdfBoxNativeObjectFactory());
    }

    /** The configured level. */
    public PadesLevel level() {
        return level;
    }

    /** Signs {@code pdf} as {@code signer} at {@code signingTime}; returns the incrementally updated PDF. */
    public byte[] sign(byte[] pdf, TestUser signer, Instant signingTime) throws IOException {
        SignerCredential cred = ca.credentialFor(signer);
        PAdESSignatureParameters p = new PAdESSignatureParameters();
        p.setSignatureLevel(level.dss());
        p.setDigestAlgorithm(DigestAlgorithm.SHA256);
        p.setSigningCertificate(new CertificateToken(cred.certificate()));
        p.setCertificateChain(List.of(new CertificateToken(cred.caCertificate())));
        p.bLevel().setSigningDate(Date.from(signingTime));
        p.setSigningTimeZone(TimeZone.getTimeZone("UTC"));
        p.setSignerName(signer.fullName());
        p.setLocation("Norway");
        p.setReason("Signed with Norwegian BankID (signchain simulator)");
        p.setContentSize(SIGNATURE_SIZE);
        p.setCheckCertificateRevocation(true); // DSS checks the chain with the in-process OCSP, not an offline copy
        DSSDocument in = new InMemoryDocument(pdf, "document.pdf", MimeTypeEnum.PDF);
        try {
            ToBeSigned toBeSigned = service.getDataToSign(in, p);
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(cred.privateKey());
            rsa.update(toBeSigned.getBytes());
            SignatureValue value = new SignatureValue(SignatureAlgorithm.RSA_SHA256, rsa.sign());
            DSSDocument out = service.signDocument(in, p, value);
            return out instanceof InMemoryDocument m ? m.getBytes() : DSSUtils.toByteArray(out);
        } catch (GeneralSecurityException e) {
            throw new IOException("Signing failed: " + e.getMessage(), e);
        } catch (RuntimeException e) { // DSSException mostly: not a PDF DSS can sign (encrypted, broken, ...)
            log.debug("DSS could not sign", e);
            throw new IOException(e.getMessage(), e);
        }
    }
}
