package no.signchain.activities.posten;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.activities.posten.PostenStatusChange.JobStatus;
import no.signchain.activities.posten.PostenStatusChange.SignerState;
import no.signchain.simulator.SimulatorApplication;
import no.signchain.simulator.posten.PostenApiServer;
import no.signchain.simulator.posten.PostenCredentials;
import no.signchain.simulator.posten.PostenPki;
import no.signchain.store.contract.NationalId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The standalone fake Posten as a separate worker process meets it: the credentials it writes at start
 * ({@code credentials-dir}) are all the official client needs, and with the {@code autoSignAfter} /
 * {@code autoRejectNins} knobs its jobs are decided without a browser, each signer once and only on their turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FakePostenAutoSignTest {

    private static final String SENDER = "912345670";
    private static final NationalId AKSEL = NationalId.parse("06046517928");
    private static final NationalId OLE = NationalId.parse("11920287974");
    private static final NationalId SANNA = NationalId.parse("12829025475");

    private ConfigurableApplicationContext simulator;
    private PostenPortalJobs jobs;
    private Path credentials;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        credentials = dir.resolve("posten");
        simulator = new SpringApplicationBuilder(SimulatorApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off",
                        "--signchain.simulator.posten.enabled=true",
                        "--signchain.simulator.posten.poll-interval=PT0S",
                        "--signchain.simulator.posten.credentials-dir=" + credentials,
                        "--signchain.simulator.posten.sender-organisation-number=" + SENDER,
                        "--signchain.simulator.knobs.auto-sign-after=PT0.2S",
                        "--signchain.simulator.knobs.auto-reject-nins=" + OLE.digits());
        // Only what the files hold, as a worker in another process reads them.
        char[] password = Files.readString(credentials.resolve(PostenCredentials.PASSWORD))
                .toCharArray();
        KeyStore organisation = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(credentials.resolve(PostenCredentials.KEY_STORE))) {
            organisation.load(in, password);
        }
        jobs = new PostenPortalJobs(new PostenSettings(
                PostenSettings.Environment.TEST,
                simulator.getBean(PostenApiServer.class).apiRoot(),
                credentials.resolve(PostenCredentials.TRUSTED),
                organisation,
                PostenPki.KEY_ALIAS,
                password,
                SENDER,
                null,
                null,
                null));
    }

    @AfterAll
    void stop() {
        simulator.close();
    }

    @Test
    void theWrittenCredentialsAreTheSendersAndTheCaTheOnlyAnchor() throws Exception {
        assertThat(Files.list(credentials.resolve(PostenCredentials.TRUSTED)))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(PostenCredentials.CA);
        KeyStore organisation = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(credentials.resolve(PostenCredentials.KEY_STORE))) {
            organisation.load(
                    in,
                    Files.readString(credentials.resolve(PostenCredentials.PASSWORD))
                            .toCharArray());
        }
        assertThat(PostenPki.organisationNumber(
                        (java.security.cert.X509Certificate) organisation.getCertificate(PostenPki.KEY_ALIAS)))
                .isEqualTo(SENDER);
    }

    /**
     * Both jobs run at once on the one queue: Aksel and Sanna are signed for in turn; Ole, whose NIN the reject knob
     * names, rejects on his turn in the second job, and Sanna's turn there never comes.
     */
    @Test
    void eachSignerIsDecidedOnceOnTheirTurn(@TempDir Path dir) throws Exception {
        PostenJobHandle signed = jobs.create(order("contract-auto-signed", AKSEL, SANNA), pdf(dir));
        PostenJobHandle rejected = jobs.create(order("contract-auto-rejected", AKSEL, OLE, SANNA), pdf(dir));

        List<PostenStatusChange> changes = untilBothEnded(signed, rejected);

        assertThat(changes.stream().filter(c -> c.jobId() == signed.jobId()))
                .extracting(c -> c.status() + " " + states(c))
                .containsExactly("IN_PROGRESS [SIGNED, WAITING]", "COMPLETED [SIGNED, SIGNED]");
        assertThat(changes.stream().filter(c -> c.jobId() == rejected.jobId()))
                .extracting(c -> c.status() + " " + states(c))
                .containsExactly("IN_PROGRESS [SIGNED, WAITING, WAITING]", "FAILED [SIGNED, REJECTED, NOT_APPLICABLE]");
    }

    private List<PostenStatusChange> untilBothEnded(PostenJobHandle a, PostenJobHandle b) throws InterruptedException {
        List<PostenStatusChange> changes = new ArrayList<>();
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(giveUp)
                && changes.stream()
                                .filter(c -> c.status() != JobStatus.IN_PROGRESS)
                                .count()
                        < 2) {
            PostenPoll poll = jobs.poll();
            if (poll.change().isPresent()) {
                changes.add(poll.change().get());
                assertThat(jobs.confirm(poll.change().get())).isTrue();
            } else {
                Thread.sleep(100);
            }
        }
        assertThat(changes).allMatch(c -> c.jobId() == a.jobId() || c.jobId() == b.jobId());
        return changes;
    }

    private static List<SignerState> states(PostenStatusChange change) {
        return change.signers().stream()
                .map(PostenStatusChange.SignerStatus::state)
                .toList();
    }

    private static PostenJobOrder order(String contractId, NationalId... signers) {
        return new PostenJobOrder(
                contractId,
                "Lease agreement",
                null,
                "Lease",
                List.of(signers),
                Instant.now().plus(Duration.ofDays(7)));
    }

    private static Path pdf(Path dir) throws Exception {
        return Files.write(dir.resolve("contract-" + System.nanoTime() + ".pdf"), TestPdfs.contract("Lease"));
    }
}
