package no.signchain.activities.posten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import no.digipost.signature.api.xml.XMLPortalSignatureJobRequest;
import no.digipost.signature.client.ClientConfiguration;
import no.digipost.signature.client.ServiceEnvironment;
import no.digipost.signature.client.core.Sender;
import no.digipost.signature.client.portal.NotificationsUsingLookup;
import no.digipost.signature.client.portal.PortalClient;
import no.digipost.signature.client.portal.PortalDocument;
import no.digipost.signature.client.portal.PortalJob;
import no.digipost.signature.client.portal.PortalSigner;
import no.digipost.signature.client.security.KeyStoreConfig;
import no.digipost.signature.jaxb.JaxbMarshaller;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.simulator.SimulatorApplication;
import no.signchain.simulator.posten.PostenApiServer;
import no.signchain.simulator.posten.PostenJobs;
import no.signchain.simulator.posten.PostenPki;
import no.signchain.store.contract.NationalId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the fake Posten service refuses, shown against what it accepts: the official client's own ASiC-E package is
 * taken, and the same package with its document changed after signing is not; XML that is not valid against Posten's
 * schema is refused; a certificate may not act for another sender; a poll before {@code X-Next-permitted-poll-time}
 * gets 429; the fault knob answers 503. And the status queue's window: a change handed out and not confirmed is not
 * handed out again at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FakePostenRefusalsTest {

    private static final String SENDER = "921000001";
    private static final char[] PASSWORD = "changeit".toCharArray();

    private ConfigurableApplicationContext simulator;
    private PostenApiServer posten;
    private Path trustDir;
    private KeyStore certificate;
    private HttpClient member;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        simulator = new SpringApplicationBuilder(SimulatorApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off",
                        "--signchain.simulator.posten.enabled=true",
                        "--signchain.simulator.posten.poll-interval=PT0S");
        posten = simulator.getBean(PostenApiServer.class);
        trustDir = Files.createDirectories(dir.resolve("trust"));
        Files.write(trustDir.resolve("ca.cer"), posten.pki().caCertificate().getEncoded());
        certificate = posten.pki().organisationCertificate(SENDER, "Refusals AS", PASSWORD);
        member = HttpClient.newBuilder().sslContext(tls(certificate)).build();
    }

    @AfterAll
    void stop() {
        simulator.close();
    }

    @Test
    void theClientsOwnPackageIsTakenAndTheSamePackageWithItsDocumentChangedIsNot() throws Exception {
        byte[] bundle = bundleMadeByTheOfficialClient();
        byte[] request = JaxbMarshaller.ForRequestsOfAllApis.singleton()
                .marshalToBytes(new XMLPortalSignatureJobRequest().withReference("contract-raw"));

        assertThat(post(SENDER, request, bundle).statusCode()).isEqualTo(200);

        HttpResponse<String> tampered = post(SENDER, request, withChangedDocument(bundle));
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(tampered.body()).contains("INVALID_DOCUMENT_BUNDLE");
    }

    @Test
    void xmlThatIsNotValidAgainstPostensSchemaIsRefused() throws Exception {
        byte[] invalid = """
                <portal-signature-job-request xmlns="http://signering.posten.no/schema/v1">
                  <no-such-element/>
                </portal-signature-job-request>""".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> answer = post(SENDER, invalid, bundleMadeByTheOfficialClient());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("INVALID_XML");
    }

    @Test
    void aCertificateMayNotActForAnotherSender() throws Exception {
        HttpResponse<String> answer = member.send(
                HttpRequest.newBuilder(URI.create(posten.apiRoot() + "/921000999/portal/signature-jobs"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("BROKER_NOT_AUTHORIZED");
    }

    @Test
    void aPollBeforeThePermittedTimeIsRefusedAndTheFaultKnobAnswers503() {
        PostenJobs jobs = simulator.getBean(PostenJobs.class);
        PostenPortalJobs adapter = adapter("921000002");
        jobs.pollInterval(Duration.ofHours(1));
        try {
            PostenPoll first = adapter.poll();
            assertThat(first.change()).isEmpty();
            assertThat(first.nextPermittedPollTime()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
            assertThatThrownBy(adapter::poll).isInstanceOfSatisfying(SigningProviderException.class, e -> {
                assertThat(e.isPermanent()).isFalse();
                assertThat(e.retryAfter()).isPresent();
            });
        } finally {
            jobs.pollInterval(null);
        }

        PostenPortalJobs other = adapter("921000003");
        jobs.failNextApiCalls(1);
        assertThatThrownBy(other::poll)
                .isInstanceOfSatisfying(
                        SigningProviderException.class,
                        e -> assertThat(e.isPermanent()).isFalse())
                .hasMessageContaining("503");
        assertThat(other.poll().change()).isEmpty();
    }

    @Test
    void aChangeOutForDeliveryIsNotHandedOutAgainWithinItsWindowSoTheNextOneComes(@TempDir Path dir) throws Exception {
        // This simulator keeps the default redeliver-after (10 minutes): a change handed out and not confirmed stays
        // hidden for that long, and the queue goes on with the next change.
        PostenPortalJobs adapter = adapter("921000004");
        Path pdf = Files.write(dir.resolve("c.pdf"), TestPdfs.contract("Lease"));
        PostenJobHandle job = adapter.create(
                new PostenJobOrder(
                        "contract-window",
                        "Lease agreement",
                        null,
                        "Lease",
                        List.of(NationalId.parse("06046517928"), NationalId.parse("11920287974")),
                        Instant.now().plus(Duration.ofDays(7))),
                pdf);
        sign(job, 1);
        sign(job, 2);

        PostenStatusChange first = adapter.poll().change().orElseThrow();
        PostenStatusChange second = adapter.poll().change().orElseThrow();
        assertThat(first.status()).isEqualTo(PostenStatusChange.JobStatus.IN_PROGRESS);
        assertThat(second.status()).isEqualTo(PostenStatusChange.JobStatus.COMPLETED);
        assertThat(adapter.poll().change()).isEmpty();
        assertThat(adapter.confirm(second)).isTrue();
        assertThat(adapter.confirm(first)).isTrue();
    }

    private void sign(PostenJobHandle job, int signer) throws Exception {
        int port = ((WebServerApplicationContext) simulator).getWebServer().getPort();
        HttpResponse<Void> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + port + "/posten/sign/" + job.jobId() + "/" + signer))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("decision=sign"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    private PostenPortalJobs adapter(String sender) {
        return new PostenPortalJobs(new PostenSettings(
                PostenSettings.Environment.TEST,
                posten.apiRoot(),
                trustDir,
                posten.pki().organisationCertificate(sender, "Poller AS", PASSWORD),
                PostenPki.KEY_ALIAS,
                PASSWORD,
                sender,
                null,
                null,
                null));
    }

    /** Creates a job with the official client and keeps the ASiC-E package it built and signed. */
    private byte[] bundleMadeByTheOfficialClient() {
        AtomicReference<byte[]> bundle = new AtomicReference<>();
        String password = new String(PASSWORD);
        ClientConfiguration configuration = ClientConfiguration.builder(
                        new KeyStoreConfig(certificate, PostenPki.KEY_ALIAS, password, password))
                .serviceEnvironment(ServiceEnvironment.STAGING
                        .withServiceUrl(posten.apiRoot())
                        .withCertificates(trustDir.toString()))
                .defaultSender(new Sender(SENDER))
                .addDocumentBundleProcessor((job, zip) -> bundle.set(zip.readAllBytes()))
                .build();
        new PortalClient(configuration)
                .create(PortalJob.builder(
                                "Lease agreement",
                                List.of(PortalDocument.builder("Lease", TestPdfs.contract("Lease"))
                                        .build()),
                                List.of(PortalSigner.identifiedByPersonalIdentificationNumber(
                                                NationalId.parse("11920287974").digits(),
                                                NotificationsUsingLookup.EMAIL_ONLY)
                                        .withOrder(1)
                                        .build()))
                        .withReference("contract-bundle")
                        .build());
        return bundle.get();
    }

    /** The same zip with one byte of its PDF changed; the manifest and the signature stay as signed. */
    private static byte[] withChangedDocument(byte[] zip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream changed = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (e.getName().endsWith(".pdf")) {
                    content[content.length / 2] ^= 1;
                }
                changed.putNextEntry(new ZipEntry(e.getName()));
                changed.write(content);
                changed.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private HttpResponse<String> post(String sender, byte[] xml, byte[] bundle) throws Exception {
        String boundary = "signchain-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Type: application/xml\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(xml);
        body.write(("\r\n--" + boundary + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.write(bundle);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return member.send(
                HttpRequest.newBuilder(URI.create(posten.apiRoot() + "/" + sender + "/portal/signature-jobs"))
                        .header("Content-Type", "multipart/mixed; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private SSLContext tls(KeyStore keys) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", posten.pki().caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
