package no.signchain.simulator.pades;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;
import no.signchain.simulator.InSimulatorContext;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.springframework.stereotype.Component;

/**
 * The simulator's TimeStamp Authority (RFC 3161) with Bouncy Castle's {@link TimeStampResponseGenerator}: tokens
 * signed SHA256withRSA by a certificate of the simulator CA (extended key usage timeStamping, critical), policy
 * {@link SimulatorCa#TSA_POLICY}, time in whole seconds from the simulator's clock, the TSA certificate and the CA
 * certificate included. In-process for EU DSS ({@link TSPSource}) and over HTTP at {@code POST /simulator/tsa}.
 */
@Component
@InSimulatorContext
public class SimulatorTsa implements TSPSource {

    private static final long serialVersionUID = 1L;

    private static final Set<ASN1ObjectIdentifier> ACCEPTED =
            Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512);

    private final transient SimulatorCa ca;
    private final transient Clock clock;
    private final transient SecureRandom random;

    public SimulatorTsa(SimulatorCa ca, Clock simulatorClock, SecureRandom simulatorSecureRandom) {
        this.ca = ca;
        this.clock = simulatorClock;
        this.random = simulatorSecureRandom;
    }

    @Override
    public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        TimeStampRequest request = g.generate(new ASN1ObjectIdentifier(digestAlgorithm.getOid()), digest);
        try {
            TimeStampResponse response = generate(request);
            if (response.getTimeStampToken() == null) {
                throw new DSSException("The simulator TSA refused: " + response.getStatusString());
            }
            return new TimestampBinary(response.getTimeStampToken().getEncoded());
        } catch (IOException | TSPException e) {
            throw new DSSException("The simulator TSA failed: " + e.getMessage(), e);
        }
    }

    /** Answers a DER TimeStampReq with a DER TimeStampResp (a rejection for an unsupported or malformed request). */
    public byte[] respond(byte[] request) throws IOException {
        TimeStampRequest req;
        try {
            req = new TimeStampRequest(request);
        } catch (IOException | RuntimeException e) {
            try {
                return generator()
                        .generateRejectedResponse(new TSPException("malformed request"))
                        .getEncoded();
            } catch (TSPException ex) {
                throw new IOException(ex);
            }
        }
        try {
            return generate(req).getEncoded();
        } catch (TSPException e) {
            throw new IOException(e);
        }
    }

    private TimeStampResponse generate(TimeStampRequest request) throws TSPException {
        Date now = Date.from(clock.instant());
        return generator().generateGrantedResponse(request, new BigInteger(64, random), now);
    }

    private TimeStampResponseGenerator generator() throws TSPException {
        SignerCredential tsa = ca.tsaCredential();
        try {
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                            .build(
                                    new JcaContentSignerBuilder("SHA256withRSA").build(tsa.privateKey()),
                                    tsa.certificate()),
                    new JcaDigestCalculatorProviderBuilder()
                            .build()
                            .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                    SimulatorCa.TSA_POLICY);
            tokens.addCertificates(new JcaCertStore(List.of(tsa.certificate(), tsa.caCertificate())));
            return new TimeStampResponseGenerator(tokens, ACCEPTED);
        } catch (OperatorCreationException | CertificateEncodingException e) {
            throw new TSPException("Could not set up the simulator TSA: " + e.getMessage(), e);
        }
    }
}
