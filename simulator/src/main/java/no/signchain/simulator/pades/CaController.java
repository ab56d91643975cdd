package no.signchain.simulator.pades;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import no.signchain.simulator.InSimulatorContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulator's PKI over HTTP, for verifiers:
 * <ul>
 *   <li>{@code GET /simulator/ca.pem}: the test CA certificate (PEM), the trust anchor of every signature;</li>
 *   <li>{@code GET /simulator/ca.cer}: the same in DER (the certificates' authority information access points
 *       here);</li>
 *   <li>{@code GET /simulator/ca.crl}: a CRL issued now, empty (the certificates' CRL distribution point);</li>
 *   <li>{@code POST /simulator/ocsp}: the OCSP responder (RFC 6960, {@code application/ocsp-request});</li>
 *   <li>{@code POST /simulator/tsa}: the TimeStamp Authority (RFC 3161, {@code application/timestamp-query}).</li>
 * </ul>
 */
@RestController
@InSimulatorContext
public class CaController {

    private final SimulatorCa ca;
    private final SimulatorRevocation revocation;
    private final SimulatorTsa tsa;

    public CaController(SimulatorCa ca, SimulatorRevocation revocation, SimulatorTsa tsa) {
        this.ca = ca;
        this.revocation = revocation;
        this.tsa = tsa;
    }

    @GetMapping(path = "/simulator/ca.pem")
    public ResponseEntity<String> caPem() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(ca.certificatePem());
    }

    @GetMapping(path = "/simulator/ca.cer")
    public ResponseEntity<byte[]> caDer() throws CertificateEncodingException {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/pkix-cert"))
                .body(ca.certificate().getEncoded());
    }

    @GetMapping(path = "/simulator/ca.crl")
    public ResponseEntity<byte[]> crl() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/pkix-crl"))
                .body(ca.crl());
    }

    @PostMapping(path = "/simulator/ocsp")
    public ResponseEntity<byte[]> ocsp(@RequestBody byte[] request) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/ocsp-response"))
                .body(revocation.respond(request));
    }

    @PostMapping(path = "/simulator/tsa")
    public ResponseEntity<byte[]> tsa(@RequestBody byte[] request) throws IOException {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/timestamp-reply"))
                .body(tsa.respond(request));
    }
}
