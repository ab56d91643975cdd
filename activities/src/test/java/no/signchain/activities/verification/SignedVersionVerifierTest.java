package no.signchain.activities.verification;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SignerIdentity;
import no.signchain.activities.signicat.SignApiClient;
import no.signchain.activities.signicat.SignApiProperties;
import no.signchain.activities.signicat.SignicatSigningProvider;
import no.signchain.simulator.SimulatorApplication;
import no.signchain.store.contract.NationalId;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Each check of {@link SignedVersionVerifier}, against versions the simulator signed through signchain's own Signicat
 * adapter (DSS, PAdES-BASELINE-LT, PNONO- identifiers), and against versions broken on purpose so that exactly the
 * check under test has something to find. Every test names the check it is about and asserts that check's outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedVersionVerifierTest {

    private static final NationalId AKSEL = NationalId.parse("06046517928");
    private static final NationalId OLE = NationalId.parse("11920287974");
    private static final NationalId SANNA = NationalId.parse("12829025475");

    private ConfigurableApplicationContext simulator;
    private SignicatSigningProvider provider;
    private X509Certificate ca;
    private final HttpClient browser = HttpClient.newHttpClient();

    /** Version 0..2: the original, then signed by Aksel, then by Ole. */
    private byte[] v0;

    private byte[] v1;
    private byte[] v2;

    @TempDir
    static Path dir;

    @BeforeAll
    void signAChain() throws Exception {
        simulator = new SpringApplicationBuilder(SimulatorApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off");
        String root = "http://127.0.0.1:"
                + ((WebServerApplicationContext) simulator).getWebServer().getPort();
        provider = new SignicatSigningProvider(
                new SignApiClient(SignApiProperties.forSignicat("signchain-sim", "signchain-sim-secret")
                        .withBaseUrl(URI.create(root + "/sign"))
                        .withTokenUrl(URI.create(root + "/auth/open/connect/token"))));
        byte[] pem = browser.send(
                        HttpRequest.newBuilder(URI.create(root + "/simulator/ca.pem"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        ca = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        v0 = TestPdfs.contract("Partnership agreement");
        v1 = sign(v0, AKSEL, "decision=sign").document();
        v2 = sign(v1, OLE, "decision=sign").document();
    }

    @AfterAll
    void stop() {
        simulator.close();
    }

    @Test
    void aGoodVersionPassesEveryCheck() throws IOException {
        VersionReport report = verify(policy(PadesLevel.LT, true), v1, v2, OLE, OLE);

        assertThat(report.passed()).as("%s", report.checks()).isTrue();
        assertThat(report.failure()).isNull();
        assertThat(report.checks()).hasSize(8).allMatch(VersionReport.Check::passed);
        assertThat(report.signatureLevel()).isEqualTo("PAdES-BASELINE-LT");
        assertThat(report.signatures())
                .extracting(VersionReport.Signature::signedBy)
                .containsExactly("Aksel Herseth", "Ole Bramserud");
        assertThat(report.signatures())
                .extracting(VersionReport.Signature::indication)
                .containsOnly("TOTAL_PASSED");
        assertThat(report.identity())
                .isEqualTo(new VersionReport.Identity(2, true, "certificate", "ETSI_IDENTIFIER", true));
    }

    @Test
    void incrementalUpdate_aVersionThatRewroteEarlierBytesFails() throws IOException {
        byte[] rewritten = v2.clone();
        rewritten[20] ^= 0x01; // inside version 1's bytes (its header comment), so signature 1 breaks too

        VersionReport report = verify(policy(PadesLevel.B, false), v1, rewritten, OLE, OLE);

        assertThat(check(report, "incremental update").passed()).isFalse();
        assertThat(report.failure()).isEqualTo("version 2, from signer 2's session, rewrote bytes of version 1");
    }

    @Test
    void oneMoreSignature_aVersionWithoutANewSignatureFails() throws IOException {
        VersionReport report = verify(policy(PadesLevel.B, false), v1, v1, OLE, OLE);

        assertThat(check(report, "incremental update").passed()).isTrue();
        assertThat(check(report, "one more signature").passed()).isFalse();
        assertThat(report.failure()).isEqualTo("signer 2's session added no signature to version 1");
    }

    @Test
    void signaturesIntact_aNewSignatureOverChangedBytesFails() throws IOException {
        byte[] broken = v2.clone();
        int at = indexOf(broken, "/M (D:".getBytes(StandardCharsets.US_ASCII), v1.length) + 6;
        broken[at + 3] = (byte) (broken[at + 3] == '9' ? '8' : broken[at + 3] + 1); // the signing time's year

        VersionReport report = verify(policy(PadesLevel.B, false), v1, broken, OLE, OLE);

        assertThat(check(report, "incremental update").passed()).isTrue();
        assertThat(check(report, "one more signature").passed()).isTrue();
        assertThat(check(report, "signatures intact").passed()).isFalse();
        assertThat(report.failure()).startsWith("signature 2 of version 2 no longer matches what was signed");
    }

    @Test
    void newestCoversTheDocument_contentAddedAfterTheNewestSignatureFails() throws IOException {
        byte[] amended = withTextAddedIncrementally(v2, "Amended after signing");

        VersionReport report = verify(policy(PadesLevel.B, false), v1, amended, OLE, OLE);

        assertThat(check(report, "one more signature").passed()).isTrue();
        assertThat(check(report, "newest signature covers the document").passed())
                .isFalse();
    }

    @Test
    void noChangesAfterSignatures_contentChangedBetweenTwoSignaturesFails() throws Exception {
        byte[] amendedAfterAksel = withTextAddedIncrementally(v1, "Amended between signatures");
        byte[] signedByOle = sign(amendedAfterAksel, OLE, "decision=sign").document();

        VersionReport report = verify(policy(PadesLevel.B, false), amendedAfterAksel, signedByOle, OLE, OLE);

        assertThat(check(report, "newest signature covers the document").passed())
                .isTrue();
        assertThat(check(report, "no changes after signatures").passed()).isFalse();
        assertThat(report.failure()).startsWith("version 2 changed the document after signature 1");
        // The rendering of page 1 differs too: the visual comparison (PixelExactDifferencesFinder) saw the text.
        assertThat(report.failure()).contains("visible content of page(s) [1]");
    }

    @Test
    void signerIdentity_anotherPersonsSignatureFails() throws IOException {
        VersionReport report = verify(policy(PadesLevel.B, false), v1, v2, SANNA, null);

        assertThat(check(report, "signer identity").passed()).isFalse();
        assertThat(report.failure()).isEqualTo("signature 2 belongs to someone other than signer 2");
        assertThat(report.identity().matched()).isFalse();
    }

    @Test
    void signerIdentity_theProviderNamingSomeoneElseFails() throws IOException {
        VersionReport report = verify(policy(PadesLevel.B, false), v1, v2, OLE, SANNA);

        assertThat(check(report, "signer identity").passed()).isFalse();
        assertThat(report.identity().providerAgrees()).isFalse();
    }

    @Test
    void signatureLevel_belowTheMinimumFails() throws IOException {
        VersionReport report = verify(policy(PadesLevel.LTA, false), v1, v2, OLE, OLE);

        assertThat(check(report, "signature level").passed()).isFalse();
        assertThat(report.failure())
                .isEqualTo("signature 2 (signer 2's) is PAdES-BASELINE-LT, below the required PAdES-BASELINE-LTA");
    }

    @Test
    void dssDefaultPolicy_anUntrustedChainFailsWhenRequiredAndIsRecordedOtherwise() throws IOException {
        VersionReport required = verify(new VerificationPolicy(List.of(), PadesLevel.B, true, false), v1, v2, OLE, OLE);
        VersionReport recorded =
                verify(new VerificationPolicy(List.of(), PadesLevel.B, false, false), v1, v2, OLE, OLE);

        assertThat(check(required, "DSS default policy").passed()).isFalse();
        assertThat(required.failure()).contains("signature 1 is INDETERMINATE").contains("under DSS's default policy");
        assertThat(check(recorded, "DSS default policy").passed()).isTrue();
        assertThat(recorded.passed()).isTrue();
        assertThat(recorded.signatures())
                .extracting(VersionReport.Signature::indication)
                .containsOnly("INDETERMINATE");
    }

    @Test
    void oneVerifierGivesTheSameReportsOverAndOver() throws IOException {
        // The verifier keeps DSS's loaded policy between verifications; nothing of one may leak into the next.
        SignedVersionVerifier verifier = new SignedVersionVerifier(policy(PadesLevel.LT, true), Clock.systemUTC());
        byte[] rewritten = v2.clone();
        rewritten[100] ^= 1;
        List<VersionReport> first = List.of(
                verifier.verify(version(v1, v2, OLE, OLE)),
                verifier.verify(version(v1, rewritten, OLE, OLE)),
                verifier.verify(version(v1, v2, SANNA, OLE)));

        for (int round = 0; round < 2; round++) {
            List<VersionReport> again = List.of(
                    verifier.verify(version(v1, v2, OLE, OLE)),
                    verifier.verify(version(v1, rewritten, OLE, OLE)),
                    verifier.verify(version(v1, v2, SANNA, OLE)));
            for (int i = 0; i < first.size(); i++) {
                assertThat(again.get(i).checks()).isEqualTo(first.get(i).checks());
                assertThat(again.get(i).signatures()).isEqualTo(first.get(i).signatures());
            }
        }
        assertThat(first.get(0).passed()).isTrue();
        assertThat(first.get(1).passed()).isFalse();
        assertThat(first.get(2).passed()).isFalse();
    }

    @Test
    void theReportNeverCarriesAnIdentityNumber() throws IOException {
        VersionReport report = verify(policy(PadesLevel.B, false), v1, v2, SANNA, OLE);

        assertThat(report.toString()).doesNotContain(AKSEL.digits(), OLE.digits(), SANNA.digits());
    }

    // ------------------------------------------------------------------------------------------------------------

    private VersionReport verify(
            VerificationPolicy policy, byte[] previous, byte[] current, NationalId signer, NationalId providerSays)
            throws IOException {
        return new SignedVersionVerifier(policy, Clock.systemUTC())
                .verify(version(previous, current, signer, providerSays));
    }

    private static SignedVersion version(byte[] previous, byte[] current, NationalId signer, NationalId providerSays)
            throws IOException {
        Path previousFile = Files.write(dir.resolve(UUID.randomUUID() + "-previous.pdf"), previous);
        Path currentFile = Files.write(dir.resolve(UUID.randomUUID() + "-current.pdf"), current);
        return new SignedVersion("contract-1", 2, 2, previousFile, currentFile, signer, providerSays);
    }

    private VerificationPolicy policy(PadesLevel minimum, boolean requireTotalPassed) {
        return new VerificationPolicy(List.of(ca), minimum, requireTotalPassed, false);
    }

    private static VersionReport.Check check(VersionReport report, String name) {
        return report.checks().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + report.checks()));
    }

    private record Signed(byte[] document, ProviderSessionState state) {}

    /** One round through signchain's Signicat adapter and the simulator's signer page. */
    private Signed sign(byte[] input, NationalId signer, String form) throws Exception {
        Path file = Files.write(dir.resolve(UUID.randomUUID() + ".pdf"), input);
        ProviderSession session = provider.openSession(
                new SessionOrder(
                        "Partnership agreement",
                        new SignerIdentity("Signer", signer, null, null),
                        Instant.now().plus(1, ChronoUnit.DAYS),
                        "verifier-test:" + UUID.randomUUID()),
                file);
        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(URI.create(session.signatureUrl()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        ProviderSessionState state = provider.readSession(session.sessionRef());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        provider.downloadSignedDocument(state, out);
        return new Signed(out.toByteArray(), state);
    }

    /** The document with a line of text added to page 1 as an incremental update, as an editor would save it. */
    private static byte[] withTextAddedIncrementally(byte[] pdf, String text) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDPage page = document.getPage(0);
            try (PDPageContentStream content =
                    new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, true)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            document.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            return out.toByteArray();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
