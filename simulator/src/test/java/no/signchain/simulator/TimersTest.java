package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.OLE;
import static no.signchain.simulator.SimClient.SANNA;
import static no.signchain.simulator.SimClient.await;
import static no.signchain.simulator.SimClient.json;
import static no.signchain.simulator.SimClient.samplePdf;
import static no.signchain.simulator.TokenAndAuthTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Retention, expiry and auto-sign, with tiny durations and knobs from configuration. */
@SpringBootTest(
        classes = SimulatorApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "signchain.simulator.document-retention-unused=PT3S",
            "signchain.simulator.sweep-interval=PT0.1S",
            "signchain.simulator.knobs.auto-reject-nins[0]=" + SimClient.SANNA
        })
class TimersTest {

    @LocalServerPort
    int port;

    @Test
    void anUnusedDocumentDisappearsAfterTheRetentionButOneInASessionStays() throws Exception {
        SimClient sim = new SimClient(port);
        String unused = sim.uploadPdf(samplePdf("unused"));
        JsonNode s = sim.createSession(samplePdf("used"), AKSEL, "kept");
        String used = s.get("documents").get(0).get("documentId").stringValue();
        assertEquals(200, sim.getBytes("/sign/documents/" + unused).statusCode());
        await(
                Duration.ofSeconds(15),
                "unused document forgotten",
                () -> sim.getBytes("/sign/documents/" + unused).statusCode() == 404);
        assertProblem(sim.get("/sign/documents/" + unused + "/metadata"), 404, "not_found");
        assertEquals(404, sim.getBytes("/sign/documents/" + unused).statusCode());
        assertEquals(200, sim.getBytes("/sign/documents/" + used).statusCode());
        assertEquals(
                200,
                sim.get("/sign/document-collections/"
                                + s.get("documents")
                                        .get(0)
                                        .get("documentCollectionId")
                                        .stringValue())
                        .statusCode());
    }

    @Test
    void aSessionPastItsDueDateExpires() {
        SimClient sim = new SimClient(port);
        String doc = sim.uploadPdf(samplePdf("expiring"));
        String col = sim.createCollection(doc);
        String body = SimClient.sessionJson(col, doc, OLE, "exp")
                .replaceAll(
                        "\"dueDate\": \"[^\"]+\"",
                        "\"dueDate\": \"" + Instant.now().plus(Duration.ofSeconds(3)) + "\"")
                .replaceAll("\"signatureUrlTimeToLive\": \"[^\"]+\",", "");
        HttpResponse<String> r = sim.postJson("/sign/signing-sessions", "[" + body + "]");
        assertEquals(201, r.statusCode(), r.body());
        String id = json(r).get(0).get("id").stringValue();
        await(
                Duration.ofSeconds(15),
                "expired by the sweeper",
                () -> json(sim.control("GET", "/events", null))
                        .get("events")
                        .valueStream()
                        .anyMatch(e -> e.get("signingSessionId").stringValue().equals(id)
                                && e.get("eventName").stringValue().equals("sign.session.expired")));
        JsonNode got = json(sim.get("/sign/signing-sessions/" + id));
        assertEquals("EXPIRED", got.get("lifecycle").get("state").stringValue());
        assertTrue(got.get("lifecycle").get("stateIsFinal").booleanValue());
        assertEquals(
                409,
                sim.decide(json(r).get(0).get("signatureUrl").stringValue(), "sign", "application/json")
                        .statusCode());
    }

    @Test
    void autoSignAndAutoRejectWithoutABrowser() {
        SimClient sim = new SimClient(port);
        assertEquals(
                200,
                sim.control("PUT", "/knobs", "{\"autoSignAfter\": \"PT0.2S\"}").statusCode());
        try {
            JsonNode signed = sim.createSession(samplePdf("auto"), AKSEL, "auto-sign");
            JsonNode rejected = sim.createSession(samplePdf("auto"), SANNA, "auto-reject");
            await(
                    Duration.ofSeconds(10),
                    "auto-signed",
                    () -> "SIGNED"
                            .equals(json(sim.get("/sign/signing-sessions/"
                                            + signed.get("id").stringValue()))
                                    .get("lifecycle")
                                    .get("state")
                                    .stringValue()));
            await(
                    Duration.ofSeconds(10),
                    "auto-rejected",
                    () -> "REJECTED"
                            .equals(json(sim.get("/sign/signing-sessions/"
                                            + rejected.get("id").stringValue()))
                                    .get("lifecycle")
                                    .get("state")
                                    .stringValue()));

            JsonNode history = json(sim.control("GET", "/sessions", null));
            JsonNode rec = history.valueStream()
                    .filter(h ->
                            h.get("id").stringValue().equals(signed.get("id").stringValue()))
                    .findFirst()
                    .orElseThrow();
            assertEquals("Aksel Herseth", rec.get("signerName").stringValue());
            assertEquals("SIGNED", rec.get("state").stringValue());
            assertEquals("auto-sign", rec.get("externalReference").stringValue());
            assertTrue(rec.get("finishedAt").isString());
            assertTrue(rec.get("signerRef").stringValue().startsWith("signer-"));
            assertFalse(history.toString().contains(AKSEL), "the control API never shows a NIN");
        } finally {
            sim.control("PUT", "/knobs", "{\"autoSignAfter\": null}");
        }
    }
}
