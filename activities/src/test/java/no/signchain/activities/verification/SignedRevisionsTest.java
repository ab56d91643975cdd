package no.signchain.activities.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.activities.posten.FakePosten;
import no.signchain.activities.posten.PostenJobHandle;
import no.signchain.activities.posten.PostenJobOrder;
import no.signchain.activities.posten.PostenPortalJobs;
import no.signchain.activities.posten.PostenStatusChange;
import no.signchain.store.contract.NationalId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A final PAdES from the fake Posten service, three signers in order, split into its signed revisions, and each
 * revision verified by {@link SignedVersionVerifier} against the one before it, the original upload as version 0:
 * the chain a re-upload provider would have produced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedRevisionsTest {

    private static final NationalId AKSEL = NationalId.parse("06046517928");
    private static final NationalId OLE = NationalId.parse("11920287974");
    private static final NationalId SANNA = NationalId.parse("12829025475");
    private static final List<NationalId> SIGNERS = List.of(AKSEL, OLE, SANNA);

    private FakePosten posten;
    private Path dir;
    private Path original;
    private Path pades;

    @BeforeAll
    void signWithPosten(@TempDir Path dir) throws Exception {
        this.dir = dir;
        posten = FakePosten.start(dir);
        original = Files.write(dir.resolve("original.pdf"), TestPdfs.contract("Lease"));
        PostenPortalJobs jobs = posten.jobs();
        PostenJobHandle job = jobs.create(
                new PostenJobOrder(
                        "contract-revisions",
                        "Lease agreement",
                        null,
                        "Lease",
                        SIGNERS,
                        Instant.now().plus(Duration.ofDays(7))),
                original);
        for (int signer = 1; signer <= SIGNERS.size(); signer++) {
            assertThat(posten.decide(job, signer, "sign")).isEqualTo(200);
        }
        PostenStatusChange completed = FakePosten.drain(jobs).getLast();
        assertThat(completed.status()).isEqualTo(PostenStatusChange.JobStatus.COMPLETED);
        pades = dir.resolve("pades.pdf");
        try (OutputStream out = Files.newOutputStream(pades)) {
            jobs.downloadSignedDocument(completed.padesUrl(), out);
        }
    }

    @AfterAll
    void stop() {
        posten.close();
    }

    @Test
    void eachRevisionOfPostensPadesPassesTheChainVerifierAsTheNextVersion() throws Exception {
        List<Long> ends = SignedRevisions.revisionEnds(pades, 3);

        assertThat(ends).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(ends.getLast()).isEqualTo(Files.size(pades));

        SignedVersionVerifier verifier = new SignedVersionVerifier(
                new VerificationPolicy(List.of(posten.bankIdCa()), PadesLevel.B, true, true), Clock.systemUTC());
        Path previous = original;
        for (int k = 1; k <= 3; k++) {
            Path version = dir.resolve("version-" + k + ".pdf");
            SignedRevisions.writeRevision(pades, ends.get(k - 1), version);
            assertThat(Files.size(version)).isEqualTo(ends.get(k - 1));

            VersionReport report = verifier.verify(new SignedVersion(
                    "contract-revisions", k, k, previous, version, SIGNERS.get(k - 1), SIGNERS.get(k - 1)));

            assertThat(report.passed()).as("version %d: %s", k, report.checks()).isTrue();
            assertThat(report.checks()).allMatch(VersionReport.Check::passed);
            assertThat(report.signatures()).hasSize(k);
            // The fake signs at LT: each version keeps the validation data that followed its signature.
            assertThat(report.signatureLevel()).isEqualTo("PAdES-BASELINE-LT");
            assertThat(report.identity().matched()).isTrue();
            assertThat(report.identity().source()).isEqualTo("certificate");
            previous = version;
        }
    }

    @Test
    void aRevisionSignedByTheWrongSignerFailsTheVerifierSoTheSplitCannotHideIt() throws Exception {
        List<Long> ends = SignedRevisions.revisionEnds(pades, 3);
        Path version1 = dir.resolve("wrong-1.pdf");
        SignedRevisions.writeRevision(pades, ends.getFirst(), version1);

        VersionReport report = new SignedVersionVerifier(
                        new VerificationPolicy(List.of(posten.bankIdCa()), PadesLevel.B, false, true),
                        Clock.systemUTC())
                .verify(new SignedVersion("contract-revisions", 1, 1, original, version1, OLE, null));

        assertThat(report.passed()).isFalse();
        assertThat(report.failure()).isEqualTo("signature 1 belongs to someone other than signer 1");
    }

    @Test
    void aPadesWithAnotherNumberOfSignaturesThanSignersIsRefused() {
        assertThatThrownBy(() -> SignedRevisions.revisionEnds(pades, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the signed PDF carries 3 signature(s) where 2 were expected");
        assertThatThrownBy(() -> SignedRevisions.revisionEnds(original, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the signed PDF carries 0 signature(s) where 1 were expected");
    }

    @Test
    void aFileThatIsNotAPdfIsRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("not-a.pdf"), "not a PDF", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> SignedRevisions.revisionEnds(text, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the signed document is not a readable PDF");
    }
}
