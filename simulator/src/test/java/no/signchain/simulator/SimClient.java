package no.signchain.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the simulator as a Sign API client would use it (127.0.0.1 only). */
public final class SimClient {

    public static final String AKSEL = "06046517928";
    public static final String OLE = "11920287974";
    public static final String SANNA = "12829025475";
    public static final String TEST_TESTSEN = "20872329758";

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public final String base;
    public final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private String token;

    public SimClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> tokenRequest(Map<String, String> form, String basicAuth) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/auth/open/connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basicAuth != null) {
            b.header("Authorization", basicAuth);
        }
        return send(b.build());
    }

    public String token() {
        if (token == null) {
            HttpResponse<String> r = tokenRequest(
                    Map.of(
                            "grant_type",
                            "client_credentials",
                            "client_id",
                            "signchain-sim",
                            "client_secret",
                            "signchain-sim-secret",
                            "scope",
                            "signicat-api"),
                    null);
            assertEquals(200, r.statusCode(), r.body());
            token = json(r).get("access_token").stringValue();
        }
        return token;
    }

    public HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token());
    }

    public HttpResponse<String> get(String path) {
        return send(api(path).GET().build());
    }

    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(api(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(api(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public HttpResponse<String> patchJson(String path, String json) {
        return send(api(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public HttpResponse<String> delete(String path) {
        return send(api(path).DELETE().build());
    }

    /** Control API: no token. */
    public HttpResponse<String> control(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/simulator/control" + path));
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b.build());
    }

    public HttpResponse<String> upload(byte[] pdf, String contentType) {
        HttpRequest.Builder b = api("/sign/documents").POST(HttpRequest.BodyPublishers.ofByteArray(pdf));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    /** Uploads a PDF, returns its documentId. */
    public String uploadPdf(byte[] pdf) {
        HttpResponse<String> r = upload(pdf, "application/pdf");
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("documentId").stringValue();
    }

    /** Creates a collection with the documents, returns its id. */
    public String createCollection(String... documentIds) {
        StringBuilder docs = new StringBuilder();
        for (String id : documentIds) {
            docs.append(docs.isEmpty() ? "" : ",")
                    .append("{\"documentId\":\"")
                    .append(id)
                    .append("\"}");
        }
        HttpResponse<String> r = postJson("/sign/document-collections", "{\"documents\":[" + docs + "]}");
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("id").stringValue();
    }

    /** A valid NBID PKI session as signchain sends it. */
    public static String sessionJson(String collectionId, String documentId, String nin, String externalReference) {
        return """
                {"title": "Rental agreement",
                 "documents": [{"documentCollectionId": "%s", "documentId": "%s", "action": "SIGN"}],
                 "signingSetup": [{"signingFlow": "PKISIGNING", "vendor": "NBID"}],
                 "signer": {"nationalIdentificationNumber": "%s", "validations": ["NATIONAL_IDENTIFICATION_NUMBER"]},
                 "ui": {"language": "nb"},
                 "externalReference": "%s",
                 "dueDate": "%s",
                 "signatureUrlTimeToLive": "P7D",
                 "someUnknownField": {"ignored": true}}
                """.formatted(
                collectionId, documentId, nin, externalReference, Instant.now().plus(Duration.ofDays(10)));
    }

    /** The resultDocumentId of a SIGNED session's first document. */
    public String resultDocumentId(String sessionId) {
        return json(get("/sign/signing-sessions/" + sessionId))
                .get("output")
                .get("signatures")
                .get(0)
                .get("resultDocumentId")
                .stringValue();
    }

    /** Upload + collection + session for one signer; returns the created session JSON. */
    public JsonNode createSession(byte[] pdf, String nin, String externalReference) {
        String doc = uploadPdf(pdf);
        String col = createCollection(doc);
        HttpResponse<String> r =
                postJson("/sign/signing-sessions", "[" + sessionJson(col, doc, nin, externalReference) + "]");
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get(0);
    }

    /** POSTs a decision to the signer page. */
    public HttpResponse<String> decide(String signatureUrl, String decision, String accept) {
        return decideForm(signatureUrl, "decision=" + decision, accept);
    }

    /** POSTs a form (e.g. {@code decision=sign&signAs=...&tamper=...}) to the signer page. */
    public HttpResponse<String> decideForm(String signatureUrl, String form, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(signatureUrl))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The simulator's CA, the one trust anchor for what it signs. */
    public java.security.cert.X509Certificate ca() {
        return DssValidation.certificate(send(HttpRequest.newBuilder(URI.create(base + "/simulator/ca.pem"))
                        .GET()
                        .build())
                .body());
    }

    /** Upload, session, sign with the given form; returns the result document. */
    public byte[] signRound(byte[] pdf, String nin, String form) {
        return signRound(pdf, nin, form, null);
    }

    /** As {@link #signRound(byte[], String, String)}, noting how long the signer page took, in ms, when given a list. */
    public byte[] signRound(byte[] pdf, String nin, String form, java.util.List<Long> millis) {
        JsonNode s = createSession(pdf, nin, "round-" + nin);
        long t0 = System.nanoTime();
        HttpResponse<String> r = decideForm(s.get("signatureUrl").stringValue(), form, "application/json");
        if (millis != null) {
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("SIGNED", json(r).get("state").stringValue());
        return getBytes("/sign/documents/" + resultDocumentId(s.get("id").stringValue()))
                .body();
    }

    public static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    /** A one-page PDF made with PDFBox. */
    public static byte[] samplePdf(String text) {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                cs.newLineAtOffset(72, 700);
                cs.showText(text);
                cs.endText();
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the condition holds (polling), or fails after the timeout. */
    public static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
