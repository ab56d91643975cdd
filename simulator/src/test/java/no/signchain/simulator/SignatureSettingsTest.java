package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.OLE;
import static no.signchain.simulator.SimClient.json;
import static no.signchain.simulator.SimClient.samplePdf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code signchain.simulator.signature-level} and {@code signchain.simulator.certificate-identifier}, each in a
 * simulator of its own: a two-signer re-upload chain, validated by EU DSS (default policy, the simulator CA as the only
 * trust anchor). B and T carry no revocation data, so DSS is given the CRL from the certificates' distribution point
 * (the simulator's {@code /simulator/ca.crl}); LT and LTA are validated offline.
 */
class SignatureSettingsTest {

    @ParameterizedTest(name = "level {0}, identifier {1}")
    @CsvSource({
        "B,   PNO,  PAdES_BASELINE_B,   false",
        "T,   PNO,  PAdES_BASELINE_T,   false",
        "LTA, PNO,  PAdES_BASELINE_LTA, true",
        "LT,  BARE, PAdES_BASELINE_LT,  true"
    })
    void theLevelAndIdentifierSettingsAreWhatDssReports(
            String level, String identifier, SignatureLevel expected, boolean offline) throws Exception {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(SimulatorApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "signchain.simulator.signature-level=" + level,
                        "signchain.simulator.certificate-identifier=" + identifier)
                .run()) {
            SimClient sim = new SimClient(
                    ((WebServerApplicationContext) ctx).getWebServer().getPort());
            X509Certificate ca = DssValidation.certificate(
                    sim.send(HttpRequest.newBuilder(URI.create(sim.base + "/simulator/ca.pem"))
                                    .GET()
                                    .build())
                            .body());
            byte[] pdf = samplePdf("Level " + level);
            for (String nin : new String[] {AKSEL, OLE}) {
                JsonNode s = sim.createSession(pdf, nin, "level-" + level);
                HttpResponse<String> r =
                        sim.decideForm(s.get("signatureUrl").stringValue(), "decision=sign", "application/json");
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("SIGNED", json(r).get("state").stringValue());
                byte[] next = sim.getBytes("/sign/documents/"
                                + sim.resultDocumentId(s.get("id").stringValue()))
                        .body();
                assertArrayEquals(pdf, Arrays.copyOf(next, pdf.length), "incremental");
                pdf = next;
            }
            List<DssValidation.Result> results =
                    DssValidation.validate(pdf, ca, null, offline ? null : DssValidation.crlFromDistributionPoint());
            results.forEach(r -> System.out.println("DSS level " + level + "/" + identifier + ": " + r));
            assertEquals(2, results.size());
            for (DssValidation.Result r : results) {
                assertEquals(Indication.TOTAL_PASSED, r.indication(), r.toString());
                assertEquals(expected, r.level(), r.toString());
            }
            String prefix = identifier.equals("PNO") ? "PNONO-" : "";
            assertEquals(
                    List.of(prefix + AKSEL, prefix + OLE),
                    results.stream()
                            .map(DssValidation.Result::subjectSerialNumber)
                            .toList());
            assertEquals(List.of("Aksel Herseth", "Ole Bramserud"), PdfVerifier.verifyWithPdfsig(pdf, 2));
        }
    }
}
