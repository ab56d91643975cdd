package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.OLE;
import static no.signchain.simulator.SimClient.SANNA;
import static no.signchain.simulator.SimClient.samplePdf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's signatures as signchain's verifier sees them: EU DSS, default policy, the simulator CA as the only
 * trust anchor, offline. Default settings: PAdES-BASELINE-LT, serialNumber {@code PNONO-<nin>}.
 */
class DssSigningTest extends ApiTestBase {

    @Test
    void aThreeSignerReUploadChainIsTotalPassedAtLtForEverySignature() throws Exception {
        byte[] pdf = samplePdf("Three signers, DSS");
        String[] signers = {AKSEL, OLE, SANNA};
        List<Long> millis = new ArrayList<>();
        for (String nin : signers) {
            byte[] next = sim.signRound(pdf, nin, "decision=sign", millis);
            assertArrayEquals(pdf, Arrays.copyOf(next, pdf.length), "version k begins with version k-1");
            pdf = next;
        }
        System.out.println("DSS chain: signing times (ms, POST to the signer page, LT) " + millis + ", final PDF "
                + pdf.length + " bytes");

        List<DssValidation.Result> results = DssValidation.validate(pdf, sim.ca());
        results.forEach(r -> System.out.println("DSS chain: " + r));
        assertEquals(3, results.size());
        for (DssValidation.Result r : results) {
            assertEquals(Indication.TOTAL_PASSED, r.indication(), r.toString());
            assertEquals(SignatureLevel.PAdES_BASELINE_LT, r.level(), r.toString());
        }
        assertEquals(
                List.of("PNONO-" + AKSEL, "PNONO-" + OLE, "PNONO-" + SANNA),
                results.stream().map(DssValidation.Result::subjectSerialNumber).toList());
        assertEquals(
                List.of("Aksel Herseth", "Ole Bramserud", "Sanna Hansen"),
                results.stream().map(DssValidation.Result::commonName).toList());

        // still valid long after signing, when the embedded OCSP responses are no longer current (offline)
        Date later = Date.from(Instant.now().plus(Duration.ofDays(400)));
        for (DssValidation.Result r : DssValidation.validate(pdf, sim.ca(), later, null)) {
            assertEquals(Indication.TOTAL_PASSED, r.indication(), "in 400 days: " + r);
        }
        assertEquals(List.of("Aksel Herseth", "Ole Bramserud", "Sanna Hansen"), PdfVerifier.verifyWithPdfsig(pdf, 3));
    }
}
