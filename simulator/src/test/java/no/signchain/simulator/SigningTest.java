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

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SigningTest extends ApiTestBase {

    private String caPem() {
        return sim.send(HttpRequest.newBuilder(URI.create(sim.base + "/simulator/ca.pem"))
                        .GET()
                        .build())
                .body();
    }

    @Test
    void signerPageShowsTheSessionAndTheIntendedSigner() {
        JsonNode s = sim.createSession(samplePdf("page"), AKSEL, "page-1");
        HttpResponse<String> page =
                sim.send(HttpRequest.newBuilder(URI.create(s.get("signatureUrl").stringValue()))
                        .GET()
                        .build());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = page.body();
        assertTrue(html.contains("Rental agreement"));
        assertTrue(html.contains("Aksel Herseth"));
        assertTrue(html.contains("060465*****"));
        assertFalse(html.contains(AKSEL), "the full NIN is not shown");
        assertTrue(html.contains("id=\"sign-button\" name=\"decision\" value=\"sign\">Sign<"));
        assertTrue(html.contains("id=\"reject-button\" name=\"decision\" value=\"reject\">Reject<"));
        HttpResponse<String> pdf =
                sim.send(HttpRequest.newBuilder(URI.create(s.get("signatureUrl").stringValue() + "/document"))
                        .GET()
                        .build());
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void signingGivesSignedOutputAndAValidPadesSignature() throws Exception {
        JsonNode s = sim.createSession(samplePdf("Sign me"), AKSEL, "sign-1");
        String id = s.get("id").stringValue();
        HttpResponse<String> result = sim.decide(s.get("signatureUrl").stringValue(), "sign", null);
        assertEquals(200, result.statusCode());
        assertTrue(result.body().contains("Signed"));

        JsonNode got = json(sim.get("/sign/signing-sessions/" + id));
        assertEquals("SIGNED", got.get("lifecycle").get("state").stringValue());
        assertTrue(got.get("lifecycle").get("stateIsFinal").booleanValue());
        JsonNode sig = got.get("output").get("signatures").get(0);
        assertEquals("PADES", sig.get("signatureType").stringValue());
        assertEquals(
                s.get("documents").get(0).get("documentId").stringValue(),
                sig.get("originalDocumentId").stringValue());
        assertEquals(
                s.get("documents").get(0).get("documentCollectionId").stringValue(),
                sig.get("documentCollectionId").stringValue());
        String resultId = sig.get("resultDocumentId").stringValue();
        assertNotEquals(sig.get("originalDocumentId").stringValue(), resultId);
        JsonNode user = got.get("output").get("userInfo");
        assertEquals("Aksel Herseth", user.get("fullName").stringValue());
        assertEquals("Aksel", user.get("firstName").stringValue());
        assertEquals("Herseth", user.get("lastName").stringValue());
        assertEquals(AKSEL, user.get("nin").stringValue());
        assertEquals("1965-04-06", user.get("dateOfBirth").stringValue());
        assertTrue(user.get("signingTime").isString());

        HttpResponse<byte[]> signed = sim.getBytes("/sign/documents/" + resultId);
        assertEquals(200, signed.statusCode());
        List<PdfVerifier.SignatureInfo> sigs = PdfVerifier.verifyInJava(signed.body(), caPem());
        assertEquals(1, sigs.size());
        assertEquals("Aksel Herseth", sigs.get(0).commonName());
        assertEquals("PNONO-" + AKSEL, sigs.get(0).serialNumber());
        assertEquals("Aksel Herseth", sigs.get(0).name());
        assertEquals(List.of("Aksel Herseth"), PdfVerifier.verifyWithPdfsig(signed.body(), 1));

        // signing again is a conflict, and nothing changes
        assertEquals(
                409,
                sim.decide(s.get("signatureUrl").stringValue(), "sign", null).statusCode());
        assertProblem(sim.decide(s.get("signatureUrl").stringValue(), "reject", "application/json"), 409, "conflict");
        assertEquals(
                "SIGNED",
                json(sim.get("/sign/signing-sessions/" + id))
                        .get("lifecycle")
                        .get("state")
                        .stringValue());
    }

    @Test
    void threeSuccessiveSigningsByReUploadGiveThreeValidSignaturesInOrder() throws Exception {
        byte[] pdf = samplePdf("Three signers");
        String[] signers = {AKSEL, OLE, SANNA};
        String[] names = {"Aksel Herseth", "Ole Bramserud", "Sanna Hansen"};
        for (int k = 0; k < 3; k++) {
            JsonNode s = sim.createSession(pdf, signers[k], "chain-" + k);
            HttpResponse<String> r = sim.decide(s.get("signatureUrl").stringValue(), "sign", "application/json");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("SIGNED", json(r).get("state").stringValue());
            assertEquals(s.get("id").stringValue(), json(r).get("sessionId").stringValue());
            String resultId = json(sim.get(
                            "/sign/signing-sessions/" + s.get("id").stringValue()))
                    .get("output")
                    .get("signatures")
                    .get(0)
                    .get("resultDocumentId")
                    .stringValue();
            byte[] next = sim.getBytes("/sign/documents/" + resultId).body();
            // incremental: the previous version is a prefix of the new one
            assertTrue(next.length > pdf.length);
            assertArrayEquals(pdf, java.util.Arrays.copyOf(next, pdf.length));
            pdf = next;
        }
        List<PdfVerifier.SignatureInfo> sigs = PdfVerifier.verifyInJava(pdf, caPem());
        assertEquals(
                List.of(names[0], names[1], names[2]),
                sigs.stream().map(PdfVerifier.SignatureInfo::commonName).toList());
        assertEquals(
                List.of("PNONO-" + AKSEL, "PNONO-" + OLE, "PNONO-" + SANNA),
                sigs.stream().map(PdfVerifier.SignatureInfo::serialNumber).toList());
        assertEquals(List.of(names[0], names[1], names[2]), PdfVerifier.verifyWithPdfsig(pdf, 3));
    }

    @Test
    void rejectGivesRejectedWithoutOutput() {
        JsonNode s = sim.createSession(samplePdf("Reject me"), OLE, "reject-1");
        HttpResponse<String> r = sim.decide(s.get("signatureUrl").stringValue(), "reject", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Rejected"));
        JsonNode got = json(sim.get("/sign/signing-sessions/" + s.get("id").stringValue()));
        assertEquals("REJECTED", got.get("lifecycle").get("state").stringValue());
        assertTrue(got.get("lifecycle").get("stateIsFinal").booleanValue());
        assertEquals(0, got.get("output").get("signatures").size());
        assertFalse(got.get("output").has("userInfo"));
    }

    @Test
    void unknownNinSignsAsBankIdTestbruker() throws Exception {
        String nin = "01017012345";
        JsonNode s = sim.createSession(samplePdf("Unknown"), nin, "unknown-1");
        sim.decide(s.get("signatureUrl").stringValue(), "sign", "application/json");
        JsonNode user = json(sim.get("/sign/signing-sessions/" + s.get("id").stringValue()))
                .get("output")
                .get("userInfo");
        assertEquals("BankID Testbruker", user.get("fullName").stringValue());
        assertEquals(
                LocalDate.of(1970, 1, 1).toString(), user.get("dateOfBirth").stringValue());
    }

    @Test
    void caCertificateIsServedAsPem() {
        String pem = caPem();
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"));
    }
}
