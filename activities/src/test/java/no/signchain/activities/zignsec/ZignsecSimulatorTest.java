package no.signchain.activities.zignsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.signchain.activities.http.ProviderCallException;
import no.signchain.activities.pdf.PdfSignatures;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SignerIdentity;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.simulator.SimulatorApplication;
import no.signchain.store.contract.NationalId;
import no.signchain.workflows.signing.SessionState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real {@link ZignsecClient} and {@link ZignsecSigningProvider} against the simulator's ZignSec part
 * (in-process, on 127.0.0.1), with a webhook receiver that checks each delivery's HMAC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZignsecSimulatorTest {

    private static final String KEY = "test-subscription-key";
    private static final String WEBHOOK_SECRET = "test-webhook-secret";
    private static final NationalId OLE = NationalId.parse("11920287974");

    private record Delivery(String header, byte[] body) {}

    private ConfigurableApplicationContext simulator;
    private HttpServer receiver;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** Deliveries answered 500 before the receiver starts taking them: the simulator must retry. */
    private final java.util.concurrent.atomic.AtomicInteger refuseNext =
            new java.util.concurrent.atomic.AtomicInteger();

    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    private String root;
    private ZignsecSigningProvider provider;
    private final HttpClient browser = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/webhook", exchange -> {
            try (exchange) {
                if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    refused.incrementAndGet();
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                deliveries.add(new Delivery(
                        exchange.getRequestHeaders().getFirst("X-ZignSec-Hmac-SHA256"),
                        exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        simulator = new SpringApplicationBuilder(SimulatorApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off",
                        "--signchain.simulator.zignsec.subscription-key=" + KEY,
                        "--signchain.simulator.zignsec.webhook-secret=" + WEBHOOK_SECRET,
                        "--signchain.simulator.zignsec.retry-initial=PT0.05S");
        root = "http://127.0.0.1:"
                + ((WebServerApplicationContext) simulator).getWebServer().getPort();
        provider = new ZignsecSigningProvider(new ZignsecClient(new ZignsecSettings(
                URI.create(root + "/zignsec/api/v5"),
                KEY,
                URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhook"),
                null,
                null,
                null,
                null)));
    }

    @AfterAll
    void stop() {
        simulator.close();
        receiver.stop(0);
    }

    @Test
    void aSignedSessionReadsSignedAndItsFileIsAValidPadesSignatureOfTheSigner(@TempDir Path dir) throws Exception {
        ProviderSession session = open(dir);
        assertThat(provider.readSession(session.sessionRef()).state()).isEqualTo(SessionState.PENDING);

        assertThat(decide(session.signatureUrl(), "sign")).contains("\"status\":\"Finished\"");

        ProviderSessionState signed = provider.readSession(session.sessionRef());
        assertThat(signed.state()).isEqualTo(SessionState.SIGNED);
        assertThat(signed.resultDocumentRef()).startsWith(root + "/zignsec/folders/" + session.sessionRef());
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        provider.downloadSignedDocument(signed, pdf);
        List<PdfSignatures.Signature> signatures = PdfSignatures.inJava(pdf.toByteArray());
        assertThat(signatures)
                .extracting(PdfSignatures.Signature::serialNumber)
                .containsExactly("PNONO-" + OLE.digits());
        assertThat(signatures).allMatch(PdfSignatures.Signature::valid);
        awaitDelivery(session.sessionRef(), "Finished");
    }

    @Test
    void aFileUrlOffTheConfiguredGatewayIsNotFetchedSoTheKeyNeverLeavesIt() {
        ZignsecClient client = new ZignsecClient(
                new ZignsecSettings(URI.create(root + "/zignsec/api/v5"), KEY, null, null, null, null, null));
        int port = URI.create(root).getPort();

        for (String elsewhere : List.of(
                "http://127.0.0.1:1/zignsec/folders/s/media/f",
                "http://localhost:" + port + "/zignsec/folders/s/media/f",
                "https://127.0.0.1:" + port + "/zignsec/folders/s/media/f",
                "not a url")) {
            assertThatThrownBy(() -> client.download(elsewhere, new ByteArrayOutputStream()))
                    .as(elsewhere)
                    .isInstanceOfSatisfying(
                            ProviderCallException.class,
                            e -> assertThat(e.isRetryable()).isFalse())
                    .hasMessage("the signed file's URL is not on the configured ZignSec gateway");
        }
    }

    @Test
    void aSessionCutOffBeforeItsStartIsCarriedOnAndAStartedOneIsUsedAsItIs(@TempDir Path dir) throws Exception {
        Path pdf = Files.write(dir.resolve("contract.pdf"), TestPdfs.contract("Lease"));
        SessionOrder order = new SessionOrder(
                "Lease",
                new SignerIdentity("Ole Bramserud", OLE, null, null),
                Instant.now().plus(Duration.ofDays(7)),
                "signchain:test:" + System.nanoTime());
        ZignsecClient client = new ZignsecClient(
                new ZignsecSettings(URI.create(root + "/zignsec/api/v5"), KEY, null, null, null, null, null));
        // What an attempt killed right after the create leaves: a named session, no file, not started.
        String named = client.createSession(new ZignsecWire.CreateSession(
                        order.externalReference(), OLE.digits(), "Lease", null, null, null, null))
                .id();
        // And one killed after the upload.
        String uploaded = client.createSession(new ZignsecWire.CreateSession(
                        order.externalReference(), OLE.digits(), "Lease", null, null, null, null))
                .id();
        client.uploadFile(uploaded, pdf, "contract.pdf");

        ProviderSession carriedOn = provider.resumeSession(named, order, pdf).orElseThrow();
        ProviderSession startedAfterUpload =
                provider.resumeSession(uploaded, order, pdf).orElseThrow();

        assertThat(carriedOn.signatureUrl()).isEqualTo(root + "/zignsec/sign/" + named);
        assertThat(startedAfterUpload.signatureUrl()).isEqualTo(root + "/zignsec/sign/" + uploaded);
        assertThat(provider.resumeSession(named, order, pdf))
                .as("started already: used as it is")
                .contains(carriedOn);
        decide(carriedOn.signatureUrl(), "sign");
        assertThat(provider.resumeSession(named, order, pdf))
                .as("signed in the meantime: that is the step's signature")
                .contains(carriedOn);
        decide(startedAfterUpload.signatureUrl(), "reject");
        assertThat(provider.resumeSession(uploaded, order, pdf))
                .as("ended unsigned")
                .isEmpty();
        assertThat(provider.resumeSession("no-such-session", order, pdf)).isEmpty();
    }

    @Test
    void aSignerWhoCancelsReadsRejected(@TempDir Path dir) throws Exception {
        ProviderSession session = open(dir);

        decide(session.signatureUrl(), "reject");

        assertThat(provider.readSession(session.sessionRef()).state()).isEqualTo(SessionState.REJECTED);
        awaitDelivery(session.sessionRef(), "Cancelled");
    }

    @Test
    void anUnknownSessionReadsExpiredAndAWrongKeyIsRefused(@TempDir Path dir) {
        assertThat(provider.readSession("no-such-session").state()).isEqualTo(SessionState.EXPIRED);

        ZignsecSigningProvider wrongKey = new ZignsecSigningProvider(
                new ZignsecClient(new ZignsecSettings(URI.create(root + "/zignsec/api/v5"), "not-the-key")));
        assertThatThrownBy(() -> wrongKey.readSession("any"))
                .isInstanceOf(SigningProviderException.class)
                .hasMessageContaining("401");
    }

    @Test
    void aDeliveryAnsweredWithAnErrorIsRetriedUntilItIsTaken(@TempDir Path dir) throws Exception {
        ProviderSession session = open(dir);
        awaitDelivery(session.sessionRef(), "Pending");
        refuseNext.set(3);
        int refusedBefore = refused.get();

        decide(session.signatureUrl(), "sign");

        awaitDelivery(session.sessionRef(), "Finished");
        assertThat(refused.get() - refusedBefore).isEqualTo(3);
    }

    @Test
    void everyDeliveryCarriesAValidHmacOverTimestampAndBody(@TempDir Path dir) throws Exception {
        ProviderSession session = open(dir);
        decide(session.signatureUrl(), "sign");
        awaitDelivery(session.sessionRef(), "Finished");

        for (Delivery d : deliveries) {
            String[] parts = d.header().split(",");
            String t = parts[0].substring(2);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            assertThat(parts[1]).isEqualTo("v1=" + HexFormat.of().formatHex(mac.doFinal(d.body())));
        }
    }

    private ProviderSession open(Path dir) throws Exception {
        Path pdf = Files.write(dir.resolve("contract.pdf"), TestPdfs.contract("Lease"));
        return provider.openSession(
                new SessionOrder(
                        "Lease",
                        new SignerIdentity("Ole Bramserud", OLE, null, null),
                        Instant.now().plus(Duration.ofDays(7)),
                        "signchain:test:" + System.nanoTime()),
                pdf);
    }

    private String decide(String url, String decision) throws Exception {
        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("decision=" + decision))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private void awaitDelivery(String sessionId, String status) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(until)) {
            for (Delivery d : deliveries) {
                String body = new String(d.body(), StandardCharsets.UTF_8);
                if (body.contains("\"id\":\"" + sessionId + "\"") && body.contains("\"status\":\"" + status + "\"")) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + status + " delivery for " + sessionId);
    }
}
