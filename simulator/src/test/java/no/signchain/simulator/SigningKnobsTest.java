package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.OLE;
import static no.signchain.simulator.SimClient.SANNA;
import static no.signchain.simulator.SimClient.json;
import static no.signchain.simulator.SimClient.samplePdf;
import static no.signchain.simulator.TokenAndAuthTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.europa.esig.dss.enumerations.Indication;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The test knobs of a signing: {@code signAs} (an impostor signs), {@code tamper=earlier-revision|unsigned}, as form
 * parameters of the signer page and as the knobs {@code signAsByNin} / {@code tamperByNin}.
 */
class SigningKnobsTest extends ApiTestBase {

    @Test
    void signAsSignsWithTheOtherTestUsersCertificateAndReportsThatUser() throws Exception {
        JsonNode s = sim.createSession(samplePdf("Impostor"), AKSEL, "impostor-1");
        HttpResponse<String> r =
                sim.decideForm(s.get("signatureUrl").stringValue(), "decision=sign&signAs=" + OLE, "application/json");
        assertEquals(200, r.statusCode(), r.body());
        String id = s.get("id").stringValue();
        JsonNode user =
                json(sim.get("/sign/signing-sessions/" + id)).get("output").get("userInfo");
        assertEquals(OLE, user.get("nin").stringValue());
        assertEquals("Ole Bramserud", user.get("fullName").stringValue());
        byte[] pdf = sim.getBytes("/sign/documents/" + sim.resultDocumentId(id)).body();
        List<DssValidation.Result> results = DssValidation.validate(pdf, sim.ca());
        assertEquals(1, results.size());
        assertEquals(
                Indication.TOTAL_PASSED,
                results.get(0).indication(),
                results.get(0).toString());
        assertEquals("PNONO-" + OLE, results.get(0).subjectSerialNumber());
        assertEquals("Ole Bramserud", results.get(0).commonName());
    }

    @Test
    void tamperEarlierRevisionBreaksTheEarlierSignatureButNotTheNewOne() throws Exception {
        byte[] v1 = sim.signRound(samplePdf("Tamper"), AKSEL, "decision=sign", null);
        byte[] v2 = sim.signRound(v1, OLE, "decision=sign&tamper=earlier-revision", null);
        assertTrue(v2.length > v1.length);
        assertFalse(Arrays.equals(v1, Arrays.copyOf(v2, v1.length)), "v2 does not start with v1's bytes");
        int differing = 0;
        for (int i = 0; i < v1.length; i++) {
            differing += v1[i] != v2[i] ? 1 : 0;
        }
        assertEquals(1, differing, "one byte of the earlier revision changed");
        try (PDDocument doc = Loader.loadPDF(v2)) {
            assertEquals(1, doc.getNumberOfPages(), "still a readable PDF");
        }
        List<DssValidation.Result> results = DssValidation.validate(v2, sim.ca());
        results.forEach(r -> System.out.println("DSS tamper=earlier-revision: " + r));
        assertEquals(2, results.size());
        assertNotEquals(Indication.TOTAL_PASSED, results.get(0).indication(), "Aksel's signature is broken");
        assertEquals(Indication.TOTAL_PASSED, results.get(1).indication(), "Ole's (newest) signature is intact");
        assertEquals("PNONO-" + OLE, results.get(1).subjectSerialNumber());
    }

    @Test
    void tamperEarlierRevisionOnAnUnsignedInputStillChangesItsBytes() {
        byte[] in = samplePdf("Tamper first");
        byte[] out = sim.signRound(in, AKSEL, "decision=sign&tamper=earlier-revision", null);
        assertFalse(Arrays.equals(in, Arrays.copyOf(out, in.length)));
    }

    @Test
    void tamperUnsignedReturnsTheInputUnchangedAndTheSessionIsSigned() {
        byte[] in = sim.signRound(samplePdf("Unsigned"), AKSEL, "decision=sign", null);
        JsonNode s = sim.createSession(in, OLE, "unsigned-1");
        HttpResponse<String> r = sim.decideForm(
                s.get("signatureUrl").stringValue(), "decision=sign&tamper=unsigned", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode got = json(sim.get("/sign/signing-sessions/" + s.get("id").stringValue()));
        assertEquals("SIGNED", got.get("lifecycle").get("state").stringValue());
        String resultId = got.get("output")
                .get("signatures")
                .get(0)
                .get("resultDocumentId")
                .stringValue();
        assertNotEquals(s.get("documents").get(0).get("documentId").stringValue(), resultId);
        assertArrayEquals(in, sim.getBytes("/sign/documents/" + resultId).body());
        assertEquals(OLE, got.get("output").get("userInfo").get("nin").stringValue());
    }

    @Test
    void wrongKnobValuesAre400ProblemsAndChangeNothing() {
        JsonNode s = sim.createSession(samplePdf("Bad knobs"), AKSEL, "bad-knobs");
        String url = s.get("signatureUrl").stringValue();
        assertProblem(sim.decideForm(url, "decision=sign&tamper=everything", null), 400, "bad_request");
        assertProblem(sim.decideForm(url, "decision=sign&signAs=123", null), 400, "bad_request");
        assertProblem(sim.decideForm(url, "decision=reject&tamper=unsigned", null), 400, "bad_request");
        assertEquals(
                "READY",
                json(sim.get("/sign/signing-sessions/" + s.get("id").stringValue()))
                        .get("lifecycle")
                        .get("state")
                        .stringValue());
    }

    @Test
    void theSameMisbehaviourThroughTheKnobsForAutoSignAndThePage() throws Exception {
        HttpResponse<String> put = sim.control(
                "PUT",
                "/knobs",
                "{\"signAsByNin\": {\"" + SANNA + "\": \"" + OLE + "\"}, \"tamperByNin\": {\"" + OLE
                        + "\": \"unsigned\"}}");
        assertEquals(200, put.statusCode(), put.body());
        try {
            assertEquals(OLE, json(put).get("signAsByNin").get(SANNA).stringValue());
            byte[] in = samplePdf("Knobs");
            byte[] bySanna = sim.signRound(in, SANNA, "decision=sign", null);
            List<DssValidation.Result> results = DssValidation.validate(bySanna, sim.ca());
            assertEquals("PNONO-" + OLE, results.get(0).subjectSerialNumber(), "signAsByNin");
            assertArrayEquals(bySanna, sim.signRound(bySanna, OLE, "decision=sign", null), "tamperByNin");
            // what the form says wins over the knob
            byte[] formWins = sim.signRound(in, SANNA, "decision=sign&signAs=" + AKSEL, null);
            assertEquals(
                    "PNONO-" + AKSEL,
                    DssValidation.validate(formWins, sim.ca()).get(0).subjectSerialNumber());
        } finally {
            assertEquals(
                    200,
                    sim.control("PUT", "/knobs", "{\"signAsByNin\": null, \"tamperByNin\": null}")
                            .statusCode());
        }
        assertProblem(sim.control("PUT", "/knobs", "{\"tamperByNin\": {\"" + OLE + "\": \"x\"}}"), 400, "bad_request");
    }
}
