package no.signchain.simulator;

import static no.signchain.simulator.SimClient.AKSEL;
import static no.signchain.simulator.SimClient.json;
import static no.signchain.simulator.SimClient.samplePdf;
import static no.signchain.simulator.TokenAndAuthTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DocumentApiTest extends ApiTestBase {

    @Test
    void uploadDownloadMetadataDelete() throws Exception {
        byte[] pdf = samplePdf("Document API test");
        HttpResponse<String> r = sim.upload(pdf, "application/pdf");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode d = json(r);
        String id = d.get("documentId").stringValue();
        assertEquals("application/pdf", d.get("mimeType").stringValue());
        assertTrue(d.get("createdAt").isString());
        assertEquals("SHA256", d.get("documentHash").get("hashAlgorithm").stringValue());
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)),
                d.get("documentHash").get("hash").stringValue());

        HttpResponse<byte[]> dl = sim.getBytes("/sign/documents/" + id);
        assertEquals(200, dl.statusCode());
        assertEquals("application/pdf", dl.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(pdf, dl.body());

        HttpResponse<String> p = sim.patchJson(
                "/sign/documents/" + id + "/metadata", "{\"filename\":\"agreement.pdf\",\"title\":\"Agreement\"}");
        assertEquals(200, p.statusCode(), p.body());
        JsonNode m = json(sim.get("/sign/documents/" + id + "/metadata"));
        assertEquals("agreement.pdf", m.get("filename").stringValue());
        assertEquals("Agreement", m.get("title").stringValue());
        assertTrue(m.get("description").isNull());

        HttpResponse<String> bad = sim.patchJson(
                "/sign/documents/" + id + "/metadata",
                "{\"filename\":\"" + "f".repeat(256) + "\",\"description\":\"" + "d".repeat(1001) + "\"}");
        assertProblem(bad, 400, "bad_request");
        assertEquals(2, json(bad).get("invalidParams").size());

        assertEquals(204, sim.delete("/sign/documents/" + id).statusCode());
        assertProblem(sim.get("/sign/documents/" + id), 404, "not_found");
    }

    @Test
    void uploadNeedsAPdfBody() {
        assertProblem(sim.upload(samplePdf("x"), "text/plain"), 415, "unsupported_media_type");
        assertProblem(sim.upload(new byte[0], "application/pdf"), 400, "bad_request");
        assertProblem(sim.upload("not a pdf".getBytes(), "application/pdf"), 400, "bad_request");
    }

    @Test
    void aDocumentInAnOpenSessionCannotBeDeleted() {
        JsonNode s = sim.createSession(samplePdf("in use"), AKSEL, "in-use");
        String docId = s.get("documents").get(0).get("documentId").stringValue();
        assertProblem(sim.delete("/sign/documents/" + docId), 409, "conflict");
        String colId = s.get("documents").get(0).get("documentCollectionId").stringValue();
        assertProblem(sim.delete("/sign/document-collections/" + colId), 409, "conflict");
        JsonNode c = json(sim.get("/sign/document-collections/" + colId));
        assertEquals(docId, c.get("documents").get(0).get("documentId").stringValue());
    }
}
