package no.signchain.simulator.pades;

import no.signchain.simulator.InSimulatorContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /simulator/ca.pem}: the test CA certificate, for verifiers that want to trust the signatures. */
@RestController
@InSimulatorContext
public class CaController {

    private final SimulatorCa ca;

    public CaController(SimulatorCa ca) {
        this.ca = ca;
    }

    @GetMapping(path = "/simulator/ca.pem")
    public ResponseEntity<String> caPem() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(ca.certificatePem());
    }
}
