package no.signchain.activities.signicatv1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import no.signchain.activities.pdf.PdfSignatures;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SignerIdentity;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.activities.signicat.SignApiProperties;
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
 * The real {@link SignicatV1Client} and {@link SignicatV1SigningProvider} against the simulator's Sign API v1 part
 * (in-process, on 127.0.0.1, OAuth 2.0 tokens from its token endpoint), with a receiver of URL notifications.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignicatV1SimulatorTest {

    private static final NationalId OLE = NationalId.parse("11920287974");

    private ConfigurableApplicationContext simulator;
    private HttpServer receiver;
    /** The query strings of the notifications taken (answered 200). */
    private final List<String> notifications = new CopyOnWriteArrayList<>();
    /**
     * A notification answered 204 (not 200) this many more times before the receiver takes it: Signicat retries
     * anything but 200. Only the one notification a test names is refused, so another session's notification still in
     * flight (each opening sends one, and retries) cannot use up the refusals.
     */
    private final AtomicInteger refuseNext = new AtomicInteger();

    private final AtomicReference<String> refusedNotification = new AtomicReference<>();
    private final AtomicInteger refused = new AtomicInteger();
    private String root;
    private SignApiProperties api;
    private SignicatV1SigningProvider provider;
    private final HttpClient browser = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/notify/secret-part", exchange -> {
            try (exchange) {
                // As a servlet container reads them: '+' is a space (the simulator encodes as a form does).
                String notification = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
                if (notification.equals(refusedNotification.get())
                        && refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    refused.incrementAndGet();
                    exchange.sendResponseHeaders(204, -1);
                    return;
                }
                notifications.add(notification);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        simulator = new SpringApplicationBuilder(SimulatorApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off",
                        "--signchain.simulator.signicat-v1.retry-initial=PT0.05S");
        root = "http://127.0.0.1:"
                + ((WebServerApplicationContext) simulator).getWebServer().getPort();
        api = SignApiProperties.forSignicat("signchain-sim", "signchain-sim-secret")
                .withBaseUrl(URI.create(root + "/signicat-v1/sign"))
                .withTokenUrl(URI.create(root + "/auth/open/connect/token"));
        String notifyUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify/secret-part";
        provider = new SignicatV1SigningProvider(
                new SignicatV1Client(new SignicatV1Settings(api, () -> notifyUrl, 60, "nb")), this::received);
    }

    /** What signchain's inbox would answer: the sessions of the notifications taken with this message. */
    private List<String> received(String message, Instant since) {
        List<String> sessions = new ArrayList<>();
        for (String query : notifications) {
            Map<String, String> p = new HashMap<>();
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                p.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            if (message.equals(p.get("message"))) {
                sessions.add(p.get("requestId") + ":" + p.get("taskId"));
            }
        }
        return sessions;
    }

    @AfterAll
    void stop() {
        simulator.close();
        receiver.stop(0);
    }

    @Test
    void aCompletedTaskReadsSignedAndItsResultIsAValidPadesSignatureOfTheSigner(@TempDir Path dir) throws Exception {
        ProviderSession session = open(dir);
        assertThat(session.sessionRef()).matches("[0-9a-f-]+:1");
        assertThat(session.signatureUrl()).startsWith(root + "/signicat-v1/std/docaction?request_id=");
        assertThat(provider.readSession(session.sessionRef()).state()).isEqualTo(SessionState.PENDING);

        assertThat(decide(session.signatureUrl(), "sign")).contains("\"taskStatus\":\"completed\"");

        ProviderSessionState signed = provider.readSession(session.sessionRef());
        assertThat(signed.state()).isEqualTo(SessionState.SIGNED);
        assertThat(signed.resultDocumentRef()).startsWith(root + "/signicat-v1/sign/orders/");
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        provider.downloadSignedDocument(signed, pdf);
        List<PdfSignatures.Signature> signatures = PdfSignatures.inJava(pdf.toByteArray());
        assertThat(signatures)
                .extracting(PdfSignatures.Signature::serialNumber)
                .containsExactly("PNONO-" + OLE.digits());
        assertThat(signatures).allMatch(PdfSignatures.Signature::valid);
        awaitNotification(session.sessionRef(), "completed");
    }

    @Test
    void aRejectedTaskReadsRejected(@TempDir Path dir) throws Exception {
        ProviderSession session = open(dir);

        decide(session.signatureUrl(), "reject");

        assertThat(provider.readSession(session.sessionRef()).state()).isEqualTo(SessionState.REJECTED);
        awaitNotification(session.sessionRef(), "rejected");
    }

    @Test
    void aWithdrawnOrderReadsExpiredAndItsLinkNoLongerSigns(@TempDir Path dir) throws Exception {
        ProviderSession session = open(dir);

        provider.withdrawSession(session.sessionRef());
        provider.withdrawSession(session.sessionRef());

        assertThat(provider.readSession(session.sessionRef()).state()).isEqualTo(SessionState.EXPIRED);
        HttpResponse<String> late = post(session.signatureUrl(), "sign");
        assertThat(late.statusCode()).isEqualTo(409);
        awaitNotification(session.sessionRef(), "deleted");
    }

    @Test
    void aTaskLivesItsDaysToLiveAndOnceThoseHavePassedReadsExpired(@TempDir Path dir) throws Exception {
        ProviderSession session = open(dir);
        String order = session.sessionRef().split(":")[0];

        String view = control("GET", "/simulator/control/signicat-v1/orders/" + order);
        Instant expiresAt = Instant.parse(view.replaceAll(".*\"expiresAt\":\"([^\"]+)\".*", "$1"));
        assertThat(expiresAt)
                .isBetween(
                        Instant.now().plus(Duration.ofDays(59)), Instant.now().plus(Duration.ofDays(61)));

        assertThat(control("POST", "/simulator/control/signicat-v1/orders/" + order + "/tasks/1/expire"))
                .contains("\"taskStatus\":\"expired\"");

        assertThat(provider.readSession(session.sessionRef()).state()).isEqualTo(SessionState.EXPIRED);
        awaitNotification(session.sessionRef(), "expired");
        assertThat(post(session.signatureUrl(), "sign").statusCode()).isEqualTo(409);
    }

    /** The create's answer stands for one that was lost: only the CREATED notification is used to find the task. */
    @Test
    void aTaskIsFoundByTheCreatedNotificationNamingItsReferenceUntilItIsWithdrawn(@TempDir Path dir) throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String reference = "signchain:test:" + System.nanoTime();
        ProviderSession opened = open(dir, reference);
        awaitNotification(opened.sessionRef(), SignicatV1SigningProvider.createdMessage(reference));

        assertThat(provider.findSessions(reference, before))
                .extracting(ProviderSession::sessionRef, ProviderSession::signatureUrl, ProviderSession::dueAt)
                .containsExactly(tuple(opened.sessionRef(), opened.signatureUrl(), null));
        assertThat(provider.findSessions("signchain:test:another", before)).isEmpty();

        provider.withdrawSession(opened.sessionRef());
        assertThat(provider.findSessions(reference, before)).isEmpty();
    }

    @Test
    void aNotificationNamingAnotherReferencesOrderFindsNothing(@TempDir Path dir) throws Exception {
        ProviderSession others = open(dir, "signchain:test:" + System.nanoTime());
        SignicatV1SigningProvider forged = new SignicatV1SigningProvider(
                new SignicatV1Client(new SignicatV1Settings(api, () -> null, 60, "nb")),
                (message, since) -> List.of(others.sessionRef()));

        assertThat(forged.findSessions("signchain:test:mine", Instant.now().minusSeconds(60)))
                .isEmpty();
    }

    @Test
    void aNotificationNotAnswered200IsRetriedUntilItIs(@TempDir Path dir) throws Exception {
        ProviderSession session = open(dir);
        refusedNotification.set(notification(session.sessionRef(), "completed"));
        refuseNext.set(3);

        decide(session.signatureUrl(), "sign");

        awaitNotification(session.sessionRef(), "completed");
        assertThat(refused.get()).isEqualTo(3);
    }

    @Test
    void anUnknownOrderReadsExpiredAWrongSecretIsRefusedAndAForeignResultUriIsNotFetched() {
        assertThat(provider.readSession("no-such-order:1").state()).isEqualTo(SessionState.EXPIRED);

        SignicatV1SigningProvider wrongSecret = new SignicatV1SigningProvider(new SignicatV1Client(
                new SignicatV1Settings(SignApiProperties.forSignicat("signchain-sim", "not-the-secret")
                        .withBaseUrl(api.baseUrl())
                        .withTokenUrl(api.tokenUrl()))));
        assertThatThrownBy(() -> wrongSecret.readSession("any:1"))
                .isInstanceOf(SigningProviderException.class)
                .satisfies(e ->
                        assertThat(((SigningProviderException) e).isPermanent()).isFalse());

        assertThatThrownBy(() -> provider.downloadSignedDocument(
                        new ProviderSessionState("o:1", SessionState.SIGNED, "http://example.org/signed.pdf"),
                        new ByteArrayOutputStream()))
                .isInstanceOf(SigningProviderException.class)
                .hasMessageContaining("not below the configured");
    }

    private ProviderSession open(Path dir) throws Exception {
        return open(dir, "signchain:test:" + System.nanoTime());
    }

    private ProviderSession open(Path dir, String externalReference) throws Exception {
        Path pdf = Files.write(dir.resolve("contract.pdf"), TestPdfs.contract("Lease"));
        return provider.openSession(
                new SessionOrder(
                        "Lease",
                        new SignerIdentity("Ole Bramserud", OLE, null, null),
                        Instant.now().plus(Duration.ofDays(7)),
                        externalReference),
                pdf);
    }

    private String decide(String url, String decision) throws Exception {
        HttpResponse<String> answer = post(url, decision);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private String control(String method, String path) throws Exception {
        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(URI.create(root + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private HttpResponse<String> post(String url, String decision) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("decision=" + decision))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitNotification(String sessionRef, String message) throws InterruptedException {
        String expected = notification(sessionRef, message);
        Instant until = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(until)) {
            if (notifications.contains(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no notification " + expected + "; got " + notifications);
    }

    /** The notification's query as the receiver decodes it. */
    private static String notification(String sessionRef, String message) {
        String[] ref = sessionRef.split(":");
        return "requestId=" + ref[0] + "&taskId=" + ref[1] + "&message=" + message;
    }
}
