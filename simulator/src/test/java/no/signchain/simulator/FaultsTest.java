package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.json;
import static no.signchain.simulator.SimClient.samplePdf;
import static no.signchain.simulator.SimClient.sessionJson;
import static no.signchain.simulator.TokenAndAuthTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FaultsTest extends ApiTestBase {

    @AfterEach
    void resetKnobs() {
        sim.control(
                "PUT",
                "/knobs",
                "{\"failRate\": 0, \"failNextCalls\": 0, \"failStatuses\": null, \"seed\": null, \"hangRate\": 0,"
                        + " \"garbleRate\": 0, \"truncateRate\": 0}");
    }

    @Test
    void failRateGives503WithRetryAfterAndChangesNothing() {
        String doc = sim.uploadPdf(samplePdf("faults"));
        String col = sim.createCollection(doc);
        int before = json(sim.control("GET", "/sessions", null)).size();
        sim.token(); // the token endpoint is not affected unless faultTokenEndpoint
        assertEquals(
                200,
                sim.control(
                                "PUT",
                                "/knobs",
                                "{\"failRate\": 1.0, \"failStatuses\": [503], \"retryAfterSeconds\": 7, \"seed\": 42}")
                        .statusCode());
        HttpResponse<String> r =
                sim.postJson("/sign/signing-sessions", "[" + sessionJson(col, doc, AKSEL, "fault") + "]");
        assertProblem(r, 503, "service_unavailable");
        assertEquals("7", r.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(before, json(sim.control("GET", "/sessions", null)).size(), "a failed call creates nothing");

        sim.control("PUT", "/knobs", "{\"failRate\": 0}");
        assertEquals(
                201,
                sim.postJson("/sign/signing-sessions", "[" + sessionJson(col, doc, AKSEL, "fault") + "]")
                        .statusCode());
        assertEquals(before + 1, json(sim.control("GET", "/sessions", null)).size());
    }

    @Test
    void garbledAndTruncatedAnswersComeBeforeAnyWork() {
        String doc = sim.uploadPdf(samplePdf("faults"));
        String col = sim.createCollection(doc);
        int before = json(sim.control("GET", "/sessions", null)).size();
        sim.token();

        sim.control("PUT", "/knobs", "{\"garbleRate\": 1.0}");
        HttpResponse<String> garbled =
                sim.postJson("/sign/signing-sessions", "[" + sessionJson(col, doc, AKSEL, "fault") + "]");
        assertEquals(200, garbled.statusCode());
        assertThrows(RuntimeException.class, () -> json(garbled));

        sim.control("PUT", "/knobs", "{\"garbleRate\": 0, \"truncateRate\": 1.0}");
        assertThrows(
                RuntimeException.class,
                () -> sim.postJson("/sign/signing-sessions", "[" + sessionJson(col, doc, AKSEL, "fault") + "]"));

        sim.control("PUT", "/knobs", "{\"truncateRate\": 0}");
        assertEquals(before, json(sim.control("GET", "/sessions", null)).size(), "neither created a session");
    }

    @Test
    void failNextCallsAnd429() {
        sim.token();
        sim.control("PUT", "/knobs", "{\"failNextCalls\": 2, \"failStatuses\": [429], \"retryAfterSeconds\": 2}");
        HttpResponse<String> r = sim.get("/sign/signing-sessions");
        assertProblem(r, 429, "too_many_requests");
        assertEquals("2", r.headers().firstValue("Retry-After").orElseThrow());
        assertProblem(sim.get("/sign/signing-sessions"), 429, "too_many_requests");
        assertEquals(200, sim.get("/sign/signing-sessions").statusCode());
    }

    @Test
    void knobsAreValidated() {
        assertProblem(sim.control("PUT", "/knobs", "{\"failRate\": 1.5}"), 400, "bad_request");
        assertProblem(sim.control("PUT", "/knobs", "{\"noSuchKnob\": 1}"), 400, "bad_request");
        assertProblem(sim.control("PUT", "/knobs", "{\"autoSignAfter\": \"soon\"}"), 400, "bad_request");
        JsonNode k = json(sim.control("GET", "/knobs", null));
        assertEquals(0.0, k.get("failRate").asDouble());
    }

    @Test
    void hangKnobHangsThenAnswers504() {
        sim.token();
        sim.control("PUT", "/knobs", "{\"hangRate\": 1.0, \"hangFor\": \"PT0.3S\"}");
        long start = System.nanoTime();
        HttpResponse<String> r = sim.get("/sign/signing-sessions");
        assertProblem(r, 504, "gateway_timeout");
        org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() - start >= 300_000_000L);
    }
}
