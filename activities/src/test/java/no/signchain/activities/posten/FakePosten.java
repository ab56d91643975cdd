package no.signchain.activities.posten;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import no.signchain.simulator.SimulatorApplication;
import no.signchain.simulator.pades.SimulatorCa;
import no.signchain.simulator.posten.PostenApiServer;
import no.signchain.simulator.posten.PostenPki;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The simulator with its fake Posten service, on loopback ports, for tests that drive Posten's official client through
 * {@link PostenPortalJobs}: a client per sender (its own organisation certificate, so its own status queue), and the
 * signer pages a browser would use.
 */
public final class FakePosten implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final AtomicInteger senders = new AtomicInteger(910000000);
    private final HttpClient browser = HttpClient.newHttpClient();
    private final ConfigurableApplicationContext simulator;
    private final PostenApiServer api;
    private final String pages;
    private final Path trustDir;

    private FakePosten(ConfigurableApplicationContext simulator, Path trustDir) {
        this.simulator = simulator;
        this.api = simulator.getBean(PostenApiServer.class);
        this.pages = "http://127.0.0.1:"
                + ((WebServerApplicationContext) simulator).getWebServer().getPort() + "/posten/sign/";
        this.trustDir = trustDir;
    }

    /** Starts the simulator; {@code dir} receives the trust directory the official client reads. */
    public static FakePosten start(Path dir) throws Exception {
        ConfigurableApplicationContext simulator = new SpringApplicationBuilder(SimulatorApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off",
                        "--signchain.simulator.posten.enabled=true",
                        // Poll again at once, and hand an unconfirmed change out again at once: the tests poll
                        // back to back, and a restart must see the change it did not confirm.
                        "--signchain.simulator.posten.poll-interval=PT0S",
                        "--signchain.simulator.posten.redeliver-after=PT0S");
        try {
            Path trust = Files.createDirectories(dir.resolve("trust"));
            Files.write(
                    trust.resolve("fake-posten-ca.cer"),
                    simulator
                            .getBean(PostenApiServer.class)
                            .pki()
                            .caCertificate()
                            .getEncoded());
            return new FakePosten(simulator, trust);
        } catch (Exception e) {
            simulator.close();
            throw e;
        }
    }

    public ConfigurableApplicationContext simulator() {
        return simulator;
    }

    public PostenApiServer api() {
        return api;
    }

    /** The CA of the simulator's BankID signing certificates: the trust anchor of the signatures in a PAdES. */
    public X509Certificate bankIdCa() {
        return simulator.getBean(SimulatorCa.class).certificate();
    }

    /** An organisation number no other client of this simulator has used: a status queue of its own. */
    public String nextSender() {
        return String.valueOf(senders.incrementAndGet());
    }

    /** A client for a new sender, with a certificate from the fake Posten's CA. */
    public PostenPortalJobs jobs() {
        return jobs(api.pki(), nextSender(), api.apiRoot());
    }

    /** A client for {@code sender}, with an organisation certificate from {@code ca}, against {@code root}. */
    public PostenPortalJobs jobs(PostenPki ca, String sender, URI root) {
        return new PostenPortalJobs(settings(ca, sender, root));
    }

    /** The settings of a client for {@code sender}, with an organisation certificate from {@code ca}. */
    public PostenSettings settings(PostenPki ca, String sender, URI root) {
        return new PostenSettings(
                PostenSettings.Environment.TEST,
                root,
                trustDir,
                ca.organisationCertificate(sender, "Signchain Test AS", PASSWORD),
                PostenPki.KEY_ALIAS,
                PASSWORD,
                sender,
                null,
                null,
                null);
    }

    /** The HTTP status of signer {@code signer}'s page. */
    public int page(PostenJobHandle job, int signer) throws IOException, InterruptedException {
        return browser.send(
                        HttpRequest.newBuilder(URI.create(pages + job.jobId() + "/" + signer))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Signer {@code signer} decides ({@code sign} or {@code reject}) on their page; the HTTP status. */
    public int decide(PostenJobHandle job, int signer, String decision) throws IOException, InterruptedException {
        return browser.send(
                        HttpRequest.newBuilder(URI.create(pages + job.jobId() + "/" + signer))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Accept", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("decision=" + decision))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Polls until the queue is empty, confirming every change as a caller would once it has recorded it. */
    public static List<PostenStatusChange> drain(PostenPortalJobs jobs) {
        List<PostenStatusChange> changes = new ArrayList<>();
        for (PostenPoll poll = jobs.poll(); poll.change().isPresent(); poll = jobs.poll()) {
            PostenStatusChange change = poll.change().get();
            changes.add(change);
            assertThat(jobs.confirm(change)).isTrue();
        }
        return changes;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
