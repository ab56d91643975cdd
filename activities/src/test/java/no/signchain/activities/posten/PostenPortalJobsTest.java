package no.signchain.activities.posten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import no.signchain.activities.pdf.PdfSignatures;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.activities.posten.PostenStatusChange.JobStatus;
import no.signchain.activities.posten.PostenStatusChange.SignerState;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.simulator.posten.PostenApiServer;
import no.signchain.simulator.posten.PostenJobs;
import no.signchain.simulator.posten.PostenPki;
import no.signchain.store.contract.NationalId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Posten's official Java client, through {@link PostenPortalJobs}, against the simulator's fake Posten service over
 * two-way TLS on a loopback port: ordered signing on each signer's page, the status queue and its confirmations, the
 * final PAdES checked with DSS, and the TLS refusals on both sides.
 *
 * <p>Each test is its own sender (its own organisation certificate), so each has its own status queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostenPortalJobsTest {

    private static final NationalId AKSEL = NationalId.parse("06046517928");
    private static final NationalId OLE = NationalId.parse("11920287974");
    private static final NationalId SANNA = NationalId.parse("12829025475");
    private static final char[] PASSWORD = "changeit".toCharArray();

    private FakePosten fake;
    private ConfigurableApplicationContext simulator;
    private PostenApiServer posten;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fake = FakePosten.start(dir);
        simulator = fake.simulator();
        posten = fake.api();
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    @Test
    void threeSignersSignInTurnAndThePadesCarriesTheirSignaturesInOrder(@TempDir Path dir) throws Exception {
        PostenPortalJobs jobs = fake.jobs();
        Path source = pdf(dir);
        PostenJobHandle job = jobs.create(order("contract-3-signers", AKSEL, OLE, SANNA), source);
        assertThat(job.contractId()).isEqualTo("contract-3-signers");

        assertThat(fake.page(job, 2)).isEqualTo(409); // signer 2's page is not open before signer 1 has signed
        assertThat(fake.page(job, 3)).isEqualTo(409);
        assertThat(fake.page(job, 1)).isEqualTo(200);
        assertThat(fake.decide(job, 1, "sign")).isEqualTo(200);
        assertThat(fake.page(job, 3)).isEqualTo(409);
        assertThat(fake.decide(job, 3, "sign")).isEqualTo(409);
        assertThat(fake.decide(job, 2, "sign")).isEqualTo(200);
        assertThat(fake.decide(job, 3, "sign")).isEqualTo(200);
        assertThat(fake.page(job, 1)).isEqualTo(409); // nothing left to sign

        List<PostenStatusChange> changes = FakePosten.drain(jobs);
        assertThat(changes)
                .extracting(PostenStatusChange::status)
                .containsExactly(JobStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, JobStatus.COMPLETED);
        assertThat(changes)
                .allMatch(c -> c.jobId() == job.jobId() && c.contractId().equals("contract-3-signers"));
        PostenStatusChange completed = changes.get(2);
        assertThat(completed.signers())
                .extracting(PostenStatusChange.SignerStatus::nationalId)
                .containsExactly(AKSEL, OLE, SANNA);
        assertThat(completed.signers())
                .extracting(PostenStatusChange.SignerStatus::state)
                .containsOnly(SignerState.SIGNED);
        assertThat(changes.get(0).signers())
                .extracting(PostenStatusChange.SignerStatus::state)
                .containsExactly(SignerState.SIGNED, SignerState.WAITING, SignerState.WAITING);

        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        jobs.downloadSignedDocument(completed.padesUrl(), pdf);
        X509Certificate bankIdCa = fake.bankIdCa();
        List<PdfSignatures.DssSignature> signatures = PdfSignatures.withDss(pdf.toByteArray(), bankIdCa);
        assertThat(signatures)
                .extracting(PdfSignatures.DssSignature::indication)
                .containsExactly("TOTAL_PASSED", "TOTAL_PASSED", "TOTAL_PASSED");
        assertThat(signatures)
                .extracting(PdfSignatures.DssSignature::subjectSerialNumber)
                .containsExactly("PNONO-" + AKSEL.digits(), "PNONO-" + OLE.digits(), "PNONO-" + SANNA.digits());

        ByteArrayOutputStream xades = new ByteArrayOutputStream();
        jobs.downloadSignerXades(completed.signers().get(1).xadesUrl(), xades);
        // Posten's XAdES is B-level: no revocation data in it, so offline DSS can only say INDETERMINATE; what must
        // hold is that it is intact, cryptographically valid over this document, and Ole's.
        var reports = xadesReports(xades.toByteArray(), Files.readAllBytes(source), bankIdCa);
        String id = reports.getSimpleReport().getFirstSignatureId();
        var signature = reports.getDiagnosticData().getSignatureById(id);
        assertThat(reports.getSimpleReport().getSignatureFormat(id)).hasToString("XAdES-BASELINE-B");
        assertThat(signature.isSignatureIntact()).isTrue();
        assertThat(signature.isSignatureValid()).isTrue();
        assertThat(signature.getSigningCertificate().getSubjectSerialNumber()).isEqualTo("PNONO-" + OLE.digits());
    }

    @Test
    void aRejectionBySignerTwoEndsTheJobAndSignerThreesPageNeverOpens(@TempDir Path dir) throws Exception {
        PostenPortalJobs jobs = fake.jobs();
        PostenJobHandle job = jobs.create(order("contract-rejected", AKSEL, OLE, SANNA), pdf(dir));

        assertThat(fake.decide(job, 1, "sign")).isEqualTo(200);
        assertThat(fake.decide(job, 2, "reject")).isEqualTo(200);

        assertThat(fake.page(job, 3)).isEqualTo(409);
        assertThat(fake.decide(job, 3, "sign")).isEqualTo(409);
        List<PostenStatusChange> changes = FakePosten.drain(jobs);
        assertThat(changes)
                .extracting(PostenStatusChange::status)
                .containsExactly(JobStatus.IN_PROGRESS, JobStatus.FAILED);
        PostenStatusChange failed = changes.get(1);
        assertThat(failed.signers())
                .extracting(PostenStatusChange.SignerStatus::state)
                .containsExactly(SignerState.SIGNED, SignerState.REJECTED, SignerState.NOT_APPLICABLE);
        assertThat(failed.padesUrl()).isNull();
        assertThat(jobs.cancel(job)).isFalse(); // it has ended already
    }

    @Test
    void anUnconfirmedChangeComesBackAfterARestartAndOnceConfirmedDoesNot(@TempDir Path dir) throws Exception {
        String sender = fake.nextSender();
        PostenPortalJobs before = fake.jobs(posten.pki(), sender, posten.apiRoot());
        PostenJobHandle job = before.create(order("contract-restart", AKSEL, OLE), pdf(dir));
        assertThat(fake.decide(job, 1, "sign")).isEqualTo(200);

        PostenStatusChange seen = before.poll().change().orElseThrow();
        // ...the worker dies here, before it has recorded and confirmed the change.

        PostenPortalJobs after = fake.jobs(posten.pki(), sender, posten.apiRoot());
        PostenStatusChange again = after.poll().change().orElseThrow();
        assertThat(again.confirmationUrl()).isEqualTo(seen.confirmationUrl());
        assertThat(again.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(again.signers())
                .extracting(PostenStatusChange.SignerStatus::state)
                .containsExactly(SignerState.SIGNED, SignerState.WAITING);
        assertThat(after.confirm(again)).isTrue();

        assertThat(after.poll().change()).isEmpty();
        assertThat(fake.decide(job, 2, "sign")).isEqualTo(200);
        PostenStatusChange next = after.poll().change().orElseThrow();
        assertThat(next.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(next.confirmationUrl()).isNotEqualTo(seen.confirmationUrl());
        assertThat(after.confirm(next)).isTrue();
        assertThat(after.poll().change()).isEmpty();
    }

    @Test
    void aCancelledJobFailsWithItsWaitingSignersCancelled(@TempDir Path dir) throws Exception {
        PostenPortalJobs jobs = fake.jobs();
        PostenJobHandle job = jobs.create(order("contract-cancelled", AKSEL, OLE), pdf(dir));
        assertThat(fake.decide(job, 1, "sign")).isEqualTo(200);

        assertThat(jobs.cancel(job)).isTrue();

        assertThat(fake.page(job, 2)).isEqualTo(409);
        List<PostenStatusChange> changes = FakePosten.drain(jobs);
        assertThat(changes)
                .extracting(PostenStatusChange::status)
                .containsExactly(JobStatus.IN_PROGRESS, JobStatus.FAILED);
        assertThat(changes.get(1).signers())
                .extracting(PostenStatusChange.SignerStatus::state)
                .containsExactly(SignerState.SIGNED, SignerState.CANCELLED);
    }

    @Test
    void aJobWhoseDeadlinePassesFailsWithItsWaitingSignersExpired(@TempDir Path dir) throws Exception {
        PostenPortalJobs jobs = fake.jobs();
        PostenJobHandle job = jobs.create(order("contract-expired", AKSEL, OLE), pdf(dir));
        assertThat(fake.decide(job, 1, "sign")).isEqualTo(200);

        assertThat(simulator.getBean(PostenJobs.class).expire(job.jobId())).isTrue();

        assertThat(fake.page(job, 2)).isEqualTo(409);
        List<PostenStatusChange> changes = FakePosten.drain(jobs);
        assertThat(changes)
                .extracting(PostenStatusChange::status)
                .containsExactly(JobStatus.IN_PROGRESS, JobStatus.FAILED);
        assertThat(changes.get(1).signers())
                .extracting(PostenStatusChange.SignerStatus::state)
                .containsExactly(SignerState.SIGNED, SignerState.EXPIRED);
    }

    @Test
    void aClientCertificateFromAnotherCaOrNoneIsRefused(@TempDir Path dir) throws Exception {
        PostenPki otherCa = PostenPki.generate("Some Other CA");
        PostenPortalJobs stranger = fake.jobs(otherCa, fake.nextSender(), posten.apiRoot());
        assertThatThrownBy(stranger::poll).isInstanceOf(SigningProviderException.class);
        assertThatThrownBy(() -> stranger.create(order("contract-stranger", AKSEL), pdf(dir)))
                .isInstanceOf(SigningProviderException.class);

        // The same request with no client certificate at all fails the handshake; with the test CA's, it is served.
        URI queue = URI.create(posten.apiRoot() + "/" + "910999999" + "/portal/signature-jobs");
        HttpClient anonymous = HttpClient.newBuilder()
                .sslContext(tls(null, posten.pki().caCertificate()))
                .build();
        assertThatThrownBy(() ->
                        anonymous.send(HttpRequest.newBuilder(queue).build(), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(IOException.class);
        HttpClient member = HttpClient.newBuilder()
                .sslContext(tls(
                        posten.pki().organisationCertificate("910999999", "Member AS", PASSWORD),
                        posten.pki().caCertificate()))
                .build();
        HttpResponse<Void> served =
                member.send(HttpRequest.newBuilder(queue).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(served.statusCode()).isEqualTo(204);
        assertThat(served.headers().firstValue("X-Next-permitted-poll-time")).isPresent();
    }

    @Test
    void aServerWhoseCertificateIsNotPostenNorgeAsIsRefusedByTheClient() throws Exception {
        // Chains to the trusted test CA, but names another organisation: the official client's own check refuses it.
        KeyStore impostor = posten.pki().serverKeyStore("signering.example", "NOT POSTEN AS", "999999999", PASSWORD);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(
                new HttpsConfigurator(tls(impostor, posten.pki().caCertificate())));
        AtomicInteger served = new AtomicInteger();
        server.createContext("/", exchange -> {
            try (exchange) {
                served.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        try {
            URI root = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/api");
            PostenPortalJobs jobs = fake.jobs(posten.pki(), fake.nextSender(), root);
            assertThatThrownBy(jobs::poll)
                    .isInstanceOf(SigningProviderException.class)
                    .hasMessageContaining("Posten");
            assertThat(served).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void personalDataLeavesOnlyInTheFieldsPostenAllows(@TempDir Path dir) throws Exception {
        PostenPortalJobs jobs = fake.jobs();
        PostenJobHandle job = jobs.create(
                new PostenJobOrder(
                        "contract-privacy",
                        "Lease agreement",
                        "Please sign the lease.",
                        "Lease",
                        List.of(AKSEL, OLE),
                        Instant.now().plus(Duration.ofDays(7))),
                pdf(dir));

        PostenJobs.ReceivedXml sent =
                simulator.getBean(PostenJobs.class).receivedXml(job.jobId()).orElseThrow();
        // The job XML travels outside the signed package and may be shown in e-mails: the reference only.
        assertThat(sent.request()).contains("contract-privacy").doesNotContainPattern("[0-9]{11}");
        // In the manifest, each number sits in personal-identification-number and nowhere else; no contact details.
        String withoutNumbers = sent.manifest()
                .replaceAll(
                        "<([A-Za-z0-9]+:)?personal-identification-number>[0-9]{11}</([A-Za-z0-9]+:)?"
                                + "personal-identification-number>",
                        "");
        assertThat(sent.manifest()).contains(AKSEL.digits()).contains(OLE.digits());
        assertThat(withoutNumbers).doesNotContainPattern("[0-9]{11}").doesNotContain("@");
        assertThat(sent.manifest()).contains("Lease agreement").contains("Please sign the lease.");
    }

    @Test
    void aReferenceThatLooksLikePersonalDataNeverLeaves() {
        assertThatThrownBy(() -> order("contract-" + OLE.digits(), OLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference");
        assertThatThrownBy(() -> order("0a0b0c0d-" + OLE.digits(), OLE)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A contract id from signchain, random, may have eleven digits in a row (one in about 130): it still leaves. */
    @Test
    void aContractUuidWhoseLastGroupIsDigitsIsStillAReference() {
        assertThat(order("61833ffb-418c-482d-acf5-258594529467", OLE).contractId())
                .isEqualTo("61833ffb-418c-482d-acf5-258594529467");
    }

    /** DSS's reports on a detached XAdES over the document, the BankID CA the only trust anchor. */
    private static eu.europa.esig.dss.validation.reports.Reports xadesReports(
            byte[] xades, byte[] document, X509Certificate trustAnchor) {
        var trusted = new eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource();
        trusted.addCertificate(new eu.europa.esig.dss.model.x509.CertificateToken(trustAnchor));
        var verifier = new eu.europa.esig.dss.spi.validation.CommonCertificateVerifier(true);
        verifier.setTrustedCertSources(trusted);
        var validator = eu.europa.esig.dss.validation.SignedDocumentValidator.fromDocument(
                new eu.europa.esig.dss.model.InMemoryDocument(xades));
        validator.setCertificateVerifier(verifier);
        validator.setDetachedContents(List.of(new eu.europa.esig.dss.model.InMemoryDocument(document, "Lease")));
        return validator.validateDocument();
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

    private static Path pdf(Path dir) throws IOException {
        return Files.write(dir.resolve("contract-" + System.nanoTime() + ".pdf"), TestPdfs.contract("Lease"));
    }

    private static SSLContext tls(KeyStore keys, X509Certificate trustAnchor) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trustAnchor);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
