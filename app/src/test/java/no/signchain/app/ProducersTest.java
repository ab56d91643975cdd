package no.signchain.app;

import static no.signchain.app.Contracts.AKSEL;
import static no.signchain.app.Contracts.OLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import no.signchain.activities.pdf.PdfSignatures;
import no.signchain.activities.pdf.TestPdfs;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The chain on PDFs as different producers write them (PDFBox, qpdf linearized, qpdf with object streams,
 * Ghostscript), made in the test run with Debian's tools, and on a 30 MB document: each must pass through signing,
 * every verification and DSS on the final PDF.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signchain.temporal.task-queue=producers-test",
            "signchain.contracts.reconcile-interval=PT2S",
            "signchain.contracts.start-sweep-interval=PT1S"
        })
class ProducersTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @TempDir
    Path dir;

    SignchainHttp http;

    @BeforeEach
    void connect() {
        http = new SignchainHttp(port, simulator.root().toString());
        http.resetSimulatorKnobs();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pdfbox", "qpdf-linearized", "qpdf-object-streams", "ghostscript"})
    void aTwoSignerChainCompletesOnAPdfFrom(String producer) throws Exception {
        byte[] pdf = produce(producer, TestPdfs.contract("Lease written by " + producer));

        byte[] signed = twoSignerChain("Lease written by " + producer, pdf);

        assertThat(PdfSignatures.withDss(signed, http.simulatorCa()))
                .extracting(PdfSignatures.DssSignature::indication)
                .containsExactly("TOTAL_PASSED", "TOTAL_PASSED");
        assertThat(PdfSignatures.withPdfsig(Files.write(dir.resolve(producer + "-signed.pdf"), signed)))
                .allMatch(PdfSignatures.PdfsigSignature::valid);
    }

    @Test
    void aThirtyMegabyteDocumentCompletesATwoSignerChain() throws Exception {
        byte[] pdf = withPayload(30 * 1024 * 1024);
        assertThat(pdf.length).isGreaterThan(30 * 1024 * 1024);

        byte[] signed = twoSignerChain("Thirty megabytes", pdf);

        assertThat(signed.length).isGreaterThan(pdf.length);
        assertThat(PdfSignatures.withDss(signed, http.simulatorCa()))
                .extracting(PdfSignatures.DssSignature::indication)
                .containsExactly("TOTAL_PASSED", "TOTAL_PASSED");
    }

    private byte[] twoSignerChain(String title, byte[] pdf) {
        SignchainHttp.Response submitted = http.submit(Contracts.json(title, List.of(AKSEL, OLE)), pdf);
        assertThat(submitted.status())
                .as("submit: %s", new String(submitted.body()))
                .isEqualTo(201);
        String id = submitted.json().get("id").asString();
        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        http.decide(http.awaitSignatureUrl(id, 2), "sign");
        JsonNode done = http.awaitStatus(id, "COMPLETED");
        assertThat(done.get("latestVersion").asInt()).isEqualTo(2);
        return http.get("/api/v1/contracts/" + id + "/document").body();
    }

    /** The same document rewritten by another producer, made here with Debian's tool for it. */
    private byte[] produce(String producer, byte[] pdfboxOutput) throws Exception {
        if (producer.equals("pdfbox")) {
            return pdfboxOutput;
        }
        Path in = Files.write(dir.resolve(producer + "-in.pdf"), pdfboxOutput);
        Path out = dir.resolve(producer + "-out.pdf");
        List<String> command = switch (producer) {
            case "qpdf-linearized" -> List.of("qpdf", "--linearize", in.toString(), out.toString());
            case "qpdf-object-streams" -> List.of("qpdf", "--object-streams=generate", in.toString(), out.toString());
            case "ghostscript" ->
                List.of(
                        "gs",
                        "-q",
                        "-dNOPAUSE",
                        "-dBATCH",
                        "-dSAFER",
                        "-sDEVICE=pdfwrite",
                        "-sOutputFile=" + out,
                        in.toString());
            default -> throw new IllegalArgumentException(producer);
        };
        // CI installs qpdf and ghostscript; elsewhere the case is skipped, and says which tool is missing.
        assumeTrue(
                onPath(command.getFirst()),
                command.getFirst() + " is not installed (apt-get install qpdf ghostscript)");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return Files.readAllBytes(out);
    }

    private static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A one-page PDF carrying an incompressible stream of the given size (as a scanned appendix would). */
    private static byte[] withPayload(int bytes) {
        byte[] payload = new byte[bytes];
        new Random(30).nextBytes(payload);
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 100_000)) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDStream appendix = new PDStream(document);
            try (var stream = appendix.createOutputStream()) {
                stream.write(payload);
            }
            page.getCOSObject().setItem(COSName.getPDFName("SignchainAppendix"), appendix);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
