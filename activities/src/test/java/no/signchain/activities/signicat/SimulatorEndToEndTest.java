package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.signchain.activities.pdf.PdfSignatures;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.activities.signicat.wire.DocumentReference;
import no.signchain.activities.signicat.wire.SessionDocument;
import no.signchain.activities.signicat.wire.SignicatDocumentCollection;
import no.signchain.activities.signicat.wire.SignicatSession;
import no.signchain.activities.signicat.wire.SignicatSessionRequest;
import no.signchain.activities.signicat.wire.SignicatSessionState;
import no.signchain.simulator.SimulatorApplication;
import no.signchain.store.contract.NationalId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@link SignApiClient} against the real simulator (in-process, on 127.0.0.1), with a real webhook
 * receiver and the signed PDFs checked two independent ways (PDFBox + Bouncy Castle, and poppler's pdfsig).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String WEBHOOK_SECRET = "e2e-webhook-secret-" + UUID.randomUUID();
    private static final JsonMapper JSON = SignApiClient.createJsonMapper();

    private record TestUser(String fullName, String firstName, String lastName, String nin) {}

    private static final TestUser AKSEL = new TestUser("Aksel Herseth", "Aksel", "Herseth", "06046517928");
    private static final TestUser OLE = new TestUser("Ole Bramserud", "Ole", "Bramserud", "11920287974");
    private static final TestUser SANNA = new TestUser("Sanna Hansen", "Sanna", "Hansen", "12829025475");

    /** One webhook call as it arrived: the raw body is kept so the HMAC is checked over the exact bytes. */
    private record ReceivedEvent(String signatureHeader, byte[] rawBody, JsonNode json, Instant receivedAt) {
        String eventName() {
            return json.path("eventName").asString();
        }

        String sessionId() {
            return json.path("eventData").path("signingSessionId").asString();
        }
    }

    private ConfigurableApplicationContext simulator;
    private HttpServer receiver;
    private final List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
    private String root;
    private SignApiClient client;
    private final HttpClient browser = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @BeforeAll
    void start() throws Exception {
        simulator = new SpringApplicationBuilder(SimulatorApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off");
        int port = ((WebServerApplicationContext) simulator).getWebServer().getPort();
        root = "http://127.0.0.1:" + port;

        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/webhook", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                JsonNode json;
                try {
                    json = JSON.readTree(body);
                } catch (RuntimeException e) {
                    json = JSON.createObjectNode().put("unparseable", new String(body, StandardCharsets.UTF_8));
                }
                received.add(new ReceivedEvent(
                        exchange.getRequestHeaders().getFirst("Signicat-Signature"), body, json, Instant.now()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        String webhookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhook";

        HttpResponse<String> subscribed = browser.send(
                HttpRequest.newBuilder(URI.create(root + "/simulator/control/subscriptions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                JSON.createObjectNode().put("url", webhookUrl).put("secret", WEBHOOK_SECRET))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(subscribed.statusCode())
                .as("register webhook subscription: %s", subscribed.body())
                .isEqualTo(201);

        client = new SignApiClient(SignApiProperties.forSignicat("signchain-sim", "signchain-sim-secret")
                .withBaseUrl(URI.create(root + "/sign"))
                .withTokenUrl(URI.create(root + "/auth/open/connect/token")));
    }

    @AfterAll
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void oneSignerEndToEnd(@TempDir Path dir) throws Exception {
        byte[] original = TestPdfs.contract("Loan agreement (one signer)");

        Round round = signRound(original, AKSEL, "e2e-one-" + UUID.randomUUID(), "sign");

        // The webhook: delivered, HMAC-signed over the raw body, about this session.
        ReceivedEvent completed = awaitEvent(round.session().id(), "sign.session.completed");
        assertSignicatSignature(completed);
        JsonNode envelope = completed.json();
        assertThat(envelope.path("sender").asString()).as("event sender").isEqualTo("signicat.sign");
        assertThat(envelope.path("id").asString()).as("event id").isNotBlank();
        assertThat(envelope.path("eventData").path("state").asString())
                .as("eventData.state")
                .isEqualTo("SIGNED");
        assertThat(envelope.path("eventData").path("externalReference").asString())
                .as("eventData.externalReference")
                .isEqualTo(round.session().externalReference());
        assertThat(envelope.has("accountId"))
                .as("envelope has accountId: %s", envelope)
                .isTrue();
        assertThat(envelope.has("expiresAt"))
                .as("envelope has expiresAt: %s", envelope)
                .isTrue();
        assertThat(envelope.path("tags").isArray())
                .as("envelope tags is an array: %s", envelope)
                .isTrue();

        // The signed session as the API shows it.
        SignicatSession signed = round.signedSession();
        SignicatSession.UserInfo userInfo = signed.output().userInfo();
        assertThat(userInfo).as("output.userInfo").isNotNull();
        assertThat(userInfo.fullName()).as("userInfo.fullName").isEqualTo(AKSEL.fullName());
        assertThat(userInfo.firstName()).as("userInfo.firstName").isEqualTo(AKSEL.firstName());
        assertThat(userInfo.lastName()).as("userInfo.lastName").isEqualTo(AKSEL.lastName());
        assertThat(userInfo.nin()).as("userInfo.nin").isEqualTo(AKSEL.nin());
        assertThat(userInfo.signingTime())
                .as("userInfo.signingTime")
                .isBetween(
                        Instant.now().minus(5, ChronoUnit.MINUTES),
                        Instant.now().plusSeconds(5));

        // The result document, checked independently.
        assertSignatures(round.result(), dir.resolve("one-signer.pdf"), List.of(AKSEL), "one signer");
    }

    @Test
    void threeReuploadRoundsKeepEverySignatureValid(@TempDir Path dir) throws Exception {
        List<TestUser> signers = List.of(AKSEL, OLE, SANNA);
        String chain = "e2e-chain-" + UUID.randomUUID();
        byte[] current = TestPdfs.contract("Shareholder agreement (three signers)");
        Set<String> documentIds = new HashSet<>();

        for (int k = 1; k <= signers.size(); k++) {
            TestUser signer = signers.get(k - 1);
            byte[] input = current;
            Round round = signRound(input, signer, chain + "/step-" + k, "sign");

            String context = "round " + k + " (" + signer.fullName() + ")";
            SignicatSession.Signature output =
                    round.signedSession().output().signatures().getFirst();
            assertThat(documentIds.add(round.uploaded().documentId()))
                    .as(
                            "%s: uploaded document id %s is new (seen: %s)",
                            context, round.uploaded().documentId(), documentIds)
                    .isTrue();
            assertThat(documentIds.add(output.resultDocumentId()))
                    .as("%s: result document id %s is new (seen: %s)", context, output.resultDocumentId(), documentIds)
                    .isTrue();
            assertThat(round.signedSession().output().userInfo().nin())
                    .as("%s: userInfo.nin", context)
                    .isEqualTo(signer.nin());

            // Incremental update: the signed result starts with exactly the bytes that were uploaded.
            assertThat(round.result().length)
                    .as("%s: result is longer than the input", context)
                    .isGreaterThan(input.length);
            assertThat(Arrays.equals(round.result(), 0, input.length, input, 0, input.length))
                    .as("%s: result is an incremental update of the uploaded bytes", context)
                    .isTrue();

            assertSignatures(round.result(), dir.resolve("round-" + k + ".pdf"), signers.subList(0, k), context);
            awaitEvent(round.session().id(), "sign.session.completed");
            current = round.result();
        }
    }

    @Test
    void rejectedSessionIsFinalAndDeliversTheRejectedEvent() throws Exception {
        byte[] original = TestPdfs.contract("Agreement to be rejected");
        Round round = signRound(original, OLE, "e2e-reject-" + UUID.randomUUID(), "reject");

        SignicatSession session = round.signedSession();
        assertThat(session.lifecycle().state()).as("lifecycle.state").isEqualTo("REJECTED");
        assertThat(session.lifecycle().stateEnum()).isEqualTo(SignicatSessionState.REJECTED);
        assertThat(session.lifecycle().stateIsFinal())
                .as("lifecycle.stateIsFinal")
                .isTrue();
        assertThat(session.lifecycle().isFinalFailure()).as("isFinalFailure").isTrue();
        assertThat(session.output() == null
                        || session.output().signatures() == null
                        || session.output().signatures().isEmpty())
                .as("a rejected session has no signatures: %s", session.output())
                .isTrue();

        ReceivedEvent rejected = awaitEvent(session.id(), "sign.session.rejected");
        assertSignicatSignature(rejected);
        assertThat(rejected.json().path("eventData").path("state").asString())
                .as("eventData.state")
                .isEqualTo("REJECTED");
        assertThat(eventsFor(session.id()))
                .as("events for a rejected session")
                .noneMatch(e -> e.eventName().equals("sign.session.completed"));
    }

    // ------------------------------------------------------------------ one round

    /**
     * @param uploaded      the upload of this round's input
     * @param session       the session as created
     * @param signedSession the session read back after the decision
     * @param result        the downloaded result document, or {@code null} when rejected
     */
    private record Round(
            DocumentReference uploaded, SignicatSession session, SignicatSession signedSession, byte[] result) {}

    /** Upload → collection → PKI session → decision on the signer page → read the session (→ download). */
    private Round signRound(byte[] pdf, TestUser signer, String externalReference, String decision) throws Exception {
        String context = signer.fullName() + " / " + externalReference;

        DocumentReference uploaded = client.uploadDocument(DocumentSource.ofBytes(pdf, "application/pdf"));
        assertThat(uploaded.documentId()).as("%s: uploaded documentId", context).isNotBlank();
        assertThat(uploaded.documentHash().hash())
                .as("%s: documentHash (SHA-256 hex)", context)
                .isEqualToIgnoringCase(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)));

        SignicatDocumentCollection collection = client.createDocumentCollection(List.of(uploaded.documentId()));
        assertThat(collection.id()).as("%s: collection id", context).isNotBlank();

        Instant dueDate = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        SignicatSession session = client.createSigningSession(SignicatSessionRequest.norwegianBankIdPki(
                        "E2E " + externalReference,
                        List.of(SessionDocument.sign(collection.id(), uploaded.documentId())),
                        NationalId.parse(signer.nin()),
                        dueDate)
                .withExternalReference(externalReference));
        assertThat(session.id()).as("%s: session id", context).isNotBlank();
        assertThat(session.externalReference())
                .as("%s: externalReference echoed", context)
                .isEqualTo(externalReference);
        assertThat(session.lifecycle().state())
                .as("%s: state after create", context)
                .isEqualTo("READY");
        assertThat(session.lifecycle().stateIsFinal())
                .as("%s: READY is not final", context)
                .isFalse();
        assertThat(session.signatureUrl()).as("%s: signatureUrl", context).isNotNull();
        assertThat(session.signatureUrl().getHost())
                .as("%s: signatureUrl host (%s)", context, session.signatureUrl())
                .isEqualTo("127.0.0.1");

        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(session.signatureUrl())
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("decision=" + decision))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode())
                .as("%s: POST decision=%s to %s: %s", context, decision, session.signatureUrl(), answer.body())
                .isEqualTo(200);
        JsonNode decided = JSON.readTree(answer.body());
        String expectedState = "sign".equals(decision) ? "SIGNED" : "REJECTED";
        assertThat(decided.path("sessionId").asString())
                .as("%s: signer page sessionId", context)
                .isEqualTo(session.id());
        assertThat(decided.path("state").asString())
                .as("%s: signer page state", context)
                .isEqualTo(expectedState);

        SignicatSession after = client.getSigningSession(session.id());
        assertThat(after.lifecycle().state())
                .as("%s: state after decision", context)
                .isEqualTo(expectedState);
        if (!"sign".equals(decision)) {
            return new Round(uploaded, session, after, null);
        }

        assertThat(after.lifecycle().isSigned()).as("%s: isSigned", context).isTrue();
        assertThat(after.lifecycle().stateIsFinal())
                .as("%s: SIGNED is final", context)
                .isTrue();
        assertThat(after.output()).as("%s: output", context).isNotNull();
        assertThat(after.output().signatures())
                .as("%s: output.signatures", context)
                .hasSize(1);
        SignicatSession.Signature signature = after.output().signatures().getFirst();
        assertThat(signature.resultDocumentId())
                .as("%s: resultDocumentId", context)
                .isNotBlank()
                .isNotEqualTo(uploaded.documentId());
        assertThat(signature.originalDocumentId())
                .as("%s: originalDocumentId", context)
                .isEqualTo(uploaded.documentId());
        assertThat(signature.documentCollectionId())
                .as("%s: documentCollectionId", context)
                .isEqualTo(collection.id());
        assertThat(signature.signatureType()).as("%s: signatureType", context).isEqualTo("PADES");
        assertThat(after.output().userInfo()).as("%s: output.userInfo", context).isNotNull();
        assertThat(after.output().userInfo().fullName())
                .as("%s: userInfo.fullName", context)
                .isEqualTo(signer.fullName());

        ByteArrayOutputStream result = new ByteArrayOutputStream();
        long bytes = client.downloadDocument(signature.resultDocumentId(), result);
        assertThat(bytes)
                .as("%s: downloaded byte count", context)
                .isEqualTo(result.size())
                .isPositive();
        return new Round(uploaded, session, after, result.toByteArray());
    }

    // ------------------------------------------------------------------ PDF checks

    /** Exactly these signers, in this order, all valid: in Java and with pdfsig. */
    private static void assertSignatures(byte[] pdf, Path file, List<TestUser> signers, String context)
            throws Exception {
        List<PdfSignatures.Signature> java = PdfSignatures.inJava(pdf);
        assertThat(java)
                .as("%s: signatures read with PDFBox/Bouncy Castle: %s", context, java)
                .hasSize(signers.size());
        assertThat(java)
                .extracting(PdfSignatures.Signature::commonName)
                .as("%s: CNs in signing order", context)
                .containsExactlyElementsOf(
                        signers.stream().map(TestUser::fullName).toList());
        assertThat(java)
                .extracting(PdfSignatures.Signature::serialNumber)
                .as("%s: subject serialNumbers in signing order", context)
                .containsExactlyElementsOf(
                        signers.stream().map(s -> "PNONO-" + s.nin()).toList());
        assertThat(java)
                .as("%s: every CMS signature verifies: %s", context, java)
                .allMatch(PdfSignatures.Signature::valid);

        Files.write(file, pdf);
        List<PdfSignatures.PdfsigSignature> pdfsig = PdfSignatures.withPdfsig(file);
        assertThat(pdfsig)
                .as("%s: signatures read by pdfsig: %s", context, pdfsig)
                .hasSize(signers.size());
        assertThat(pdfsig)
                .extracting(PdfSignatures.PdfsigSignature::commonName)
                .as("%s: pdfsig CNs in order", context)
                .containsExactlyElementsOf(
                        signers.stream().map(TestUser::fullName).toList());
        assertThat(pdfsig)
                .extracting(PdfSignatures.PdfsigSignature::validation)
                .as("%s: pdfsig validation of every signature", context)
                .containsOnly("Signature is Valid.");
    }

    // ------------------------------------------------------------------ events

    private List<ReceivedEvent> eventsFor(String sessionId) {
        return received.stream().filter(e -> sessionId.equals(e.sessionId())).toList();
    }

    private ReceivedEvent awaitEvent(String sessionId, String eventName) {
        return poll(
                "event " + eventName + " for session " + sessionId,
                () -> received.stream()
                        .filter(e -> sessionId.equals(e.sessionId()) && eventName.equals(e.eventName()))
                        .findFirst(),
                () -> "received for this session: "
                        + eventsFor(sessionId).stream()
                                .map(ReceivedEvent::eventName)
                                .toList()
                        + "; all received: " + received.size());
    }

    private static final Pattern SIGNATURE_HEADER = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    /** {@code Signicat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>}. */
    private static void assertSignicatSignature(ReceivedEvent event) throws Exception {
        String header = event.signatureHeader();
        assertThat(header)
                .as("Signicat-Signature header of %s", event.eventName())
                .isNotNull();
        Matcher m = SIGNATURE_HEADER.matcher(header);
        assertThat(m.matches()).as("Signicat-Signature format: %s", header).isTrue();
        long t = Long.parseLong(m.group(1));
        assertThat(Math.abs(event.receivedAt().getEpochSecond() - t))
                .as("signature timestamp %s is recent", t)
                .isLessThanOrEqualTo(60);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
        String expected = HexFormat.of().formatHex(mac.doFinal(event.rawBody()));
        assertThat(MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), m.group(2).getBytes(StandardCharsets.US_ASCII)))
                .as("HMAC v1 of %s: expected %s, header %s", event.eventName(), expected, header)
                .isTrue();
    }

    // ------------------------------------------------------------------ polling

    /** Polls every 25 ms until {@code probe} has a value or {@link #DEADLINE} passes. */
    private static <T> T poll(String what, Supplier<Optional<T>> probe, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "Timed out after " + DEADLINE + " waiting for " + what + "; " + diagnostics.get());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
