package no.signchain.activities.verification;

import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.pades.PAdESUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;

/**
 * The signed revisions of a PDF that carries several PAdES signatures made by incremental updates, one per signer in
 * signing order. A provider that hands back one final PAdES with every signer's signature (Posten signering) is stored
 * as document versions 1..N this way, so that {@link SignedVersionVerifier} checks each step exactly as it checks a
 * chain of re-uploads: version k against version k−1, one more signature, by signer k, nothing changed after.
 *
 * <p>Revision k is the file's first bytes up to where signature k's byte range ends, together with what was appended
 * after it before signature k+1's revision began: a PAdES at level LT or LTA carries each signature's validation data
 * (a DSS dictionary, a document timestamp) in an incremental update of its own right after the signature. Cut at the
 * byte range alone, a version would lose its signature's validation data and verify as level T, unable to reach
 * TOTAL_PASSED offline; a re-uploaded version from the same signing service has that data. The last revision is the
 * whole file for the same reason.
 *
 * <p>This only splits, and cannot make a bad chain pass: whether revision 1 extends the original upload, whether each
 * revision adds exactly the expected signer's signature and only validation data follows it, is the verifier's to
 * judge, on the very bytes stored as the version.
 */
public final class SignedRevisions {

    /** PAdES document timestamps (LTA) are validation data, not a signer's signature. */
    private static final String DOCUMENT_TIMESTAMP = "ETSI.RFC3161";

    private SignedRevisions() {}

    /**
     * Where each signed revision of {@code pdf} ends (its length in bytes), in signing order: element k−1 is the end
     * of revision k, the length of document version k. The last element is always the file's length: anything
     * appended after the last signature stays in the final version, where the verifier accepts only validation data
     * (anything else fails there, with its report, rather than being cut off here unseen).
     *
     * @param expectedSignatures how many signers signed; the file must carry exactly this many signatures
     * @throws IllegalArgumentException if the file is not a PDF, carries another number of signatures, or a
     *     signature's byte range does not describe an incremental revision (not from 0, beyond the file's end, ending
     *     where another's ends, or not covering the revision before it)
     */
    public static List<Long> revisionEnds(Path pdf, int expectedSignatures) throws IOException {
        if (expectedSignatures < 1) {
            throw new IllegalArgumentException("expected at least one signature, not " + expectedSignatures);
        }
        long length = Files.size(pdf);
        List<long[]> ranges = byteRanges(pdf);
        if (ranges.size() != expectedSignatures) {
            throw new IllegalArgumentException("the signed PDF carries " + ranges.size() + " signature(s) where "
                    + expectedSignatures + " were expected");
        }
        for (long[] range : ranges) {
            if (range[0] != 0) {
                throw new IllegalArgumentException(
                        "a signature's byte range starts at " + range[0] + ", not 0: it does not sign a revision");
            }
            if (signedEnd(range) > length) {
                throw new IllegalArgumentException("a signature's byte range ends at " + signedEnd(range)
                        + ", beyond the file's " + length + " bytes");
            }
        }
        ranges.sort(Comparator.comparingLong(SignedRevisions::signedEnd));
        for (int i = 1; i < ranges.size(); i++) {
            if (signedEnd(ranges.get(i)) == signedEnd(ranges.get(i - 1))) {
                throw new IllegalArgumentException("signatures " + i + " and " + (i + 1) + " both end at byte "
                        + signedEnd(ranges.get(i)) + ": they do not sign successive revisions");
            }
        }
        List<Long> updateEnds = incrementalUpdateEnds(pdf);
        List<Long> ends = new ArrayList<>();
        for (int i = 0; i + 1 < ranges.size(); i++) {
            long signed = signedEnd(ranges.get(i));
            // Signature i+2's /Contents lies inside its own revision, so that revision begins before it.
            long nextContents = ranges.get(i + 1)[1];
            if (nextContents < signed) {
                throw new IllegalArgumentException(
                        "signature " + (i + 2) + " does not sign over signature " + (i + 1) + "'s revision");
            }
            long end = signed;
            for (long update : updateEnds) {
                if (update >= signed && update <= nextContents) {
                    end = Math.max(end, update);
                }
            }
            ends.add(end);
        }
        ends.add(length);
        return List.copyOf(ends);
    }

    /** Copies the first {@code end} bytes of {@code pdf} (one of {@link #revisionEnds}) to {@code out}, streaming. */
    public static void copyRevision(Path pdf, long end, OutputStream out) throws IOException {
        if (end < 0 || end > Files.size(pdf)) {
            throw new IllegalArgumentException(
                    "a revision cannot end at " + end + " in a file of " + Files.size(pdf) + " bytes");
        }
        try (InputStream in = Files.newInputStream(pdf)) {
            byte[] buffer = new byte[1 << 16];
            long left = end;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(pdf + " ended before byte " + end);
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** Writes the first {@code end} bytes of {@code pdf} to the file {@code target}, replacing it. */
    public static void writeRevision(Path pdf, long end, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(
                target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            copyRevision(pdf, end, out);
        }
    }

    /** The byte ranges of the signers' signatures (document timestamps left out), as PDFBox reads them. */
    private static List<long[]> byteRanges(Path pdf) throws IOException {
        // Loader.loadPDF(File) reads through a buffered random-access file: the document is not held in memory.
        try (PDDocument document = load(pdf)) {
            List<long[]> ranges = new ArrayList<>();
            for (PDSignature signature : document.getSignatureDictionaries()) {
                if (DOCUMENT_TIMESTAMP.equals(signature.getSubFilter())) {
                    continue;
                }
                int[] range = signature.getByteRange();
                if (range == null || range.length != 4) {
                    throw new IllegalArgumentException("a signature has no valid byte range (four numbers)");
                }
                ranges.add(new long[] {range[0], range[1], range[2], range[3]});
            }
            return ranges;
        }
    }

    private static long signedEnd(long[] byteRange) {
        return byteRange[2] + byteRange[3];
    }

    /** Where each incremental update ends (after its %%EOF line), found by DSS as it finds revisions, streaming. */
    private static List<Long> incrementalUpdateEnds(Path pdf) {
        return PAdESUtils.extractRevisions(new FileDocument(pdf.toFile())).stream()
                .map(revision -> (long) revision.getByteRange().getLength())
                .toList();
    }

    private static PDDocument load(Path pdf) throws IOException {
        try {
            return Loader.loadPDF(pdf.toFile());
        } catch (IOException e) {
            if (!Files.isReadable(pdf)) {
                throw e;
            }
            throw new IllegalArgumentException("the signed document is not a readable PDF: " + e.getMessage(), e);
        }
    }
}
