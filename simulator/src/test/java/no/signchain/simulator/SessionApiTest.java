package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.json;
import static no.signchain.simulator.SimClient.samplePdf;
import static no.signchain.simulator.SimClient.sessionJson;
import static no.signchain.simulator.TokenAndAuthTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SessionApiTest extends ApiTestBase {

    private String[] docAndCollection() {
        String doc = sim.uploadPdf(samplePdf("Session API test"));
        return new String[] {doc, sim.createCollection(doc)};
    }

    private List<String> invalidNames(HttpResponse<String> r) {
        assertProblem(r, 400, "bad_request");
        List<String> names = new ArrayList<>();
        json(r).get("invalidParams").forEach(p -> names.add(p.get("name").stringValue()));
        return names;
    }

    @Test
    void createdSessionHasTheSignApiShape() {
        String[] dc = docAndCollection();
        HttpResponse<String> r =
                sim.postJson("/sign/signing-sessions", "[" + sessionJson(dc[1], dc[0], AKSEL, "ext-1") + "]");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode arr = json(r);
        assertTrue(arr.isArray());
        JsonNode s = arr.get(0);
        assertTrue(s.get("id").stringValue().matches("[0-9a-f-]{36}"));
        assertEquals("Rental agreement", s.get("title").stringValue());
        assertEquals(
                sim.base + "/signer/" + s.get("id").stringValue(),
                s.get("signatureUrl").stringValue());
        assertTrue(s.get("signatureUrlExpiresAt").isString());
        assertTrue(s.get("dueDate").isString());
        assertEquals(dc[0], s.get("documents").get(0).get("documentId").stringValue());
        assertEquals(
                dc[1], s.get("documents").get(0).get("documentCollectionId").stringValue());
        assertEquals("SIGN", s.get("documents").get(0).get("action").stringValue());
        assertEquals("ext-1", s.get("externalReference").stringValue());
        assertEquals(
                "PKISIGNING", s.get("signingSetup").get(0).get("signingFlow").stringValue());
        assertEquals(AKSEL, s.get("signer").get("nationalIdentificationNumber").stringValue());
        assertEquals("nb", s.get("ui").get("language").stringValue());
        assertEquals("READY", s.get("lifecycle").get("state").stringValue());
        assertFalse(s.get("lifecycle").get("stateIsFinal").booleanValue());
        assertEquals(0, s.get("output").get("signatures").size());
        assertEquals(0, s.get("output").get("packages").size());
        assertFalse(s.has("someUnknownField"));

        String id = s.get("id").stringValue();
        JsonNode got = json(sim.get("/sign/signing-sessions/" + id));
        assertEquals(id, got.get("id").stringValue());

        // list with filters
        JsonNode page =
                json(sim.get("/sign/signing-sessions?state=READY&sessionTitleLike=rental&limit=1000&sort=-createdAt"));
        assertTrue(page.get("total").asInt() >= 1);
        assertEquals(1000, page.get("limit").asInt());
        assertEquals(0, page.get("offset").asInt());
        assertEquals(page.get("data").size(), page.get("count").asInt());
        boolean found = false;
        for (JsonNode d : page.get("data")) {
            found |= d.get("id").stringValue().equals(id);
        }
        assertTrue(found);
        assertEquals(
                0,
                json(sim.get("/sign/signing-sessions?state=SIGNED&sessionTitleLike=" + id))
                        .get("total")
                        .asInt());

        // patch dueDate
        String newDue = Instant.now().plus(Duration.ofDays(20)).toString();
        HttpResponse<String> p = sim.patchJson("/sign/signing-sessions/" + id, "{\"dueDate\":\"" + newDue + "\"}");
        assertEquals(200, p.statusCode(), p.body());
        assertEquals(
                Instant.parse(newDue).toEpochMilli(),
                Instant.parse(json(p).get("dueDate").stringValue()).toEpochMilli());
        assertProblem(
                sim.patchJson(
                        "/sign/signing-sessions/" + id,
                        "{\"dueDate\":\"" + Instant.now().plus(Duration.ofDays(46)) + "\"}"),
                400,
                "bad_request");

        // delete: 204, then 404, and it is gone from the list
        assertEquals(204, sim.delete("/sign/signing-sessions/" + id).statusCode());
        assertProblem(sim.get("/sign/signing-sessions/" + id), 404, "not_found");
        assertProblem(sim.delete("/sign/signing-sessions/" + id), 404, "not_found");
    }

    @Test
    void pkiSigningWithoutNbidIsRejected() {
        String[] dc = docAndCollection();
        String body = sessionJson(dc[1], dc[0], AKSEL, "x").replace("\"vendor\": \"NBID\"", "\"vendor\": \"SBID\"");
        assertEquals(
                List.of("[0].signingSetup[0].vendor"),
                invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
        body = sessionJson(dc[1], dc[0], AKSEL, "x").replace(", \"vendor\": \"NBID\"", "");
        assertEquals(
                List.of("[0].signingSetup[0].vendor"),
                invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
    }

    @Test
    void exactlyOneSigningSetup() {
        String[] dc = docAndCollection();
        String body = sessionJson(dc[1], dc[0], AKSEL, "x")
                .replace(
                        "[{\"signingFlow\": \"PKISIGNING\", \"vendor\": \"NBID\"}]",
                        "[{\"signingFlow\": \"PKISIGNING\", \"vendor\": \"NBID\"}, {\"signingFlow\": \"PKISIGNING\", \"vendor\": \"NBID\"}]");
        assertEquals(
                List.of("[0].signingSetup"), invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
    }

    @Test
    void dueDateAtMost45DaysAhead() {
        String[] dc = docAndCollection();
        String body = sessionJson(dc[1], dc[0], AKSEL, "x")
                .replaceAll(
                        "\"dueDate\": \"[^\"]+\"",
                        "\"dueDate\": \"" + Instant.now().plus(Duration.ofDays(46)) + "\"");
        assertEquals(List.of("[0].dueDate"), invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
        body = sessionJson(dc[1], dc[0], AKSEL, "x")
                .replaceAll("\"signatureUrlTimeToLive\": \"[^\"]+\"", "\"signatureUrlTimeToLive\": \"P46D\"");
        assertEquals(
                List.of("[0].signatureUrlTimeToLive"),
                invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
        // no dueDate: a default (about 30 days) is used
        body = sessionJson(dc[1], dc[0], AKSEL, "x").replaceAll("\"dueDate\": \"[^\"]+\",", "");
        HttpResponse<String> r = sim.postJson("/sign/signing-sessions", "[" + body + "]");
        assertEquals(201, r.statusCode(), r.body());
        Instant due = Instant.parse(json(r).get(0).get("dueDate").stringValue());
        assertTrue(due.isAfter(Instant.now().plus(Duration.ofDays(29)))
                && due.isBefore(Instant.now().plus(Duration.ofDays(31))));
    }

    @Test
    void documentsMustHaveOneToHundredEntries() {
        String[] dc = docAndCollection();
        String body =
                sessionJson(dc[1], dc[0], AKSEL, "x").replaceAll("\"documents\": \\[[^\\]]*\\]", "\"documents\": []");
        assertEquals(List.of("[0].documents"), invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
    }

    @Test
    void unknownDocumentOrCollectionIs404() {
        String[] dc = docAndCollection();
        String body = sessionJson(dc[1], "11111111-2222-3333-4444-555555555555", AKSEL, "x");
        assertProblem(sim.postJson("/sign/signing-sessions", "[" + body + "]"), 404, "not_found");
        body = sessionJson("11111111-2222-3333-4444-555555555555", dc[0], AKSEL, "x");
        assertProblem(sim.postJson("/sign/signing-sessions", "[" + body + "]"), 404, "not_found");
        assertProblem(
                sim.postJson(
                        "/sign/document-collections",
                        "{\"documents\":[{\"documentId\":\"11111111-2222-3333-4444-555555555555\"}]}"),
                404,
                "not_found");
    }

    @Test
    void documentMustBelongToTheCollection() {
        String[] dc = docAndCollection();
        String other = sim.uploadPdf(samplePdf("other"));
        String body = sessionJson(dc[1], other, AKSEL, "x");
        assertEquals(
                List.of("[0].documents[0].documentId"),
                invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
    }

    @Test
    void signerNinIsValidated() {
        String[] dc = docAndCollection();
        String body = sessionJson(dc[1], dc[0], "0604651792", "x");
        assertEquals(
                List.of("[0].signer.nationalIdentificationNumber"),
                invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
        body = sessionJson(dc[1], dc[0], AKSEL, "x")
                .replace("\"validations\": [\"NATIONAL_IDENTIFICATION_NUMBER\"]", "\"validations\": []");
        assertEquals(
                List.of("[0].signer.validations"),
                invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
    }

    @Test
    void titleAndExternalReferenceLimitsAndBodyShape() {
        String[] dc = docAndCollection();
        String body = sessionJson(dc[1], dc[0], AKSEL, "r".repeat(1025))
                .replace("\"Rental agreement\"", "\"" + "t".repeat(256) + "\"");
        assertEquals(
                List.of("[0].title", "[0].externalReference"),
                invalidNames(sim.postJson("/sign/signing-sessions", "[" + body + "]")));
        // a single object instead of an array is a 400
        assertEquals(
                List.of("body"),
                invalidNames(sim.postJson("/sign/signing-sessions", sessionJson(dc[1], dc[0], AKSEL, "x"))));
        assertProblem(sim.postJson("/sign/signing-sessions", "[{not json"), 400, "bad_request");
    }

    @Test
    void listParametersAreValidated() {
        assertProblem(sim.get("/sign/signing-sessions?limit=0"), 400, "bad_request");
        assertProblem(sim.get("/sign/signing-sessions?sort=-color"), 400, "bad_request");
        assertProblem(sim.get("/sign/signing-sessions?createdDateFrom=yesterday"), 400, "bad_request");
        assertEquals(
                200,
                sim.get("/sign/signing-sessions?sort=%2BdueDate&createdDateFrom=2024-01-01T00:00:00Z")
                        .statusCode());
    }
}
