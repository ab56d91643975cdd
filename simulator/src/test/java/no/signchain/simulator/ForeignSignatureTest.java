package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.OLE;
import static no.signchain.simulator.SimClient.json;
import static no.signchain.simulator.SimClient.samplePdf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A PDF that already carries a signature the simulator's CA did not issue (another simulator's, as after a restart
 * with an in-memory CA, or a real one) is still signed, at LT, and the new signature validates.
 */
class ForeignSignatureTest {

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SimulatorApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1")
                .run();
    }

    private static SimClient client(ConfigurableApplicationContext ctx) {
        return new SimClient(((WebServerApplicationContext) ctx).getWebServer().getPort());
    }

    private static X509Certificate ca(SimClient sim) {
        return DssValidation.certificate(sim.send(HttpRequest.newBuilder(URI.create(sim.base + "/simulator/ca.pem"))
                        .GET()
                        .build())
                .body());
    }

    private static byte[] sign(SimClient sim, byte[] pdf, String nin) {
        JsonNode s = sim.createSession(pdf, nin, "foreign");
        HttpResponse<String> r =
                sim.decideForm(s.get("signatureUrl").stringValue(), "decision=sign", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("SIGNED", json(r).get("state").stringValue());
        return sim.getBytes(
                        "/sign/documents/" + sim.resultDocumentId(s.get("id").stringValue()))
                .body();
    }

    @Test
    void aPdfSignedUnderAnotherCaIsSignedOnTop() throws Exception {
        try (ConfigurableApplicationContext a = start();
                ConfigurableApplicationContext b = start()) {
            SimClient simA = client(a);
            SimClient simB = client(b);
            byte[] v1 = sign(simA, samplePdf("Foreign"), AKSEL);
            byte[] v2 = sign(simB, v1, OLE);
            assertArrayEquals(v1, Arrays.copyOf(v2, v1.length));

            List<DssValidation.Result> underB = DssValidation.validate(v2, ca(simB));
            underB.forEach(r -> System.out.println("DSS foreign, anchor B: " + r));
            assertEquals(2, underB.size());
            assertNotEquals(Indication.TOTAL_PASSED, underB.get(0).indication(), "A's signature: unknown CA");
            assertEquals(
                    Indication.TOTAL_PASSED,
                    underB.get(1).indication(),
                    underB.get(1).toString());
            assertEquals(SignatureLevel.PAdES_BASELINE_LT, underB.get(1).level());
            assertEquals(
                    Indication.TOTAL_PASSED,
                    DssValidation.validate(v2, ca(simA)).get(0).indication());
        }
    }
}
