package no.signchain.api.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Decides whether an uploaded file is a PDF a signer can sign: a complete, parseable, unencrypted PDF with at least
 * one page and, unless allowed, no JavaScript and no launch actions. Each refusal says what is wrong in words a
 * business system's developer can act on. The file is read where it lies, never loaded into memory whole.
 */
public final class SignablePdf {

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** A complete PDF ends with %%EOF, possibly followed by a line break; allow some trailing junk as readers do. */
    private static final int EOF_SEARCH_WINDOW = 1024;

    private static final COSName LAUNCH = COSName.getPDFName("Launch");

    private SignablePdf() {}

    /**
     * The reason the file cannot be signed, or empty when it can.
     *
     * @param allowActiveContent whether JavaScript and launch actions are accepted (off by default: a script in a
     *                           contract can show one text on screen and another in print, and survives signing)
     */
    public static Optional<String> problemWith(Path file, boolean allowActiveContent) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return Optional.of("the document is empty");
        }
        if (!startsWithPdfMagic(file)) {
            return Optional.of("not a PDF (a PDF starts with %PDF-)");
        }
        if (!endsWithEof(file, size)) {
            return Optional.of("the PDF is incomplete: it does not end with %%EOF (truncated?)");
        }
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            if (pdf.isEncrypted()) {
                return Optional.of("the PDF is encrypted; upload it without encryption or permissions restrictions");
            }
            if (pdf.getNumberOfPages() < 1) {
                return Optional.of("the PDF has no pages");
            }
            if (!allowActiveContent) {
                return activeContent(pdf.getDocument());
            }
            return Optional.empty();
        } catch (InvalidPasswordException encrypted) {
            return Optional.of("the PDF is encrypted with a password; upload it without encryption");
        } catch (IOException | RuntimeException unparseable) {
            // PDFBox's message names objects and offsets of the client's file; the client learns only that it failed.
            return Optional.of("the PDF cannot be parsed (damaged or not a PDF)");
        }
    }

    private static boolean startsWithPdfMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(PDF_MAGIC.length);
            return Arrays.equals(head, PDF_MAGIC);
        }
    }

    private static boolean endsWithEof(Path file, long size) throws IOException {
        int window = (int) Math.min(size, EOF_SEARCH_WINDOW);
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(size - window);
            ByteBuffer tail = ByteBuffer.allocate(window);
            while (tail.hasRemaining() && channel.read(tail) > 0) {
                // read the whole window
            }
            return new String(tail.array(), 0, tail.position(), StandardCharsets.ISO_8859_1).contains("%%EOF");
        }
    }

    /**
     * A JavaScript or launch action anywhere in the file: every object in the cross-reference table is looked at,
     * with the dictionaries and arrays written inside it, since actions are often direct objects of an annotation or
     * a form field ({@code /A << /S /JavaScript /JS (…) >>}), of a page's or the catalog's additional actions, or of
     * the document's name tree of scripts.
     */
    private static Optional<String> activeContent(COSDocument cos) {
        for (COSObjectKey key : cos.getXrefTable().keySet()) {
            COSObject object = cos.getObjectFromPool(key);
            Optional<String> found = activeContentIn(object == null ? null : object.getObject());
            if (found.isPresent()) {
                return found;
            }
        }
        return activeContentIn(cos.getTrailer());
    }

    private static Optional<String> activeContentIn(COSBase root) {
        Deque<COSBase> pending = new ArrayDeque<>();
        Map<COSBase, Boolean> seen = new IdentityHashMap<>();
        if (root != null) {
            pending.push(root);
        }
        while (!pending.isEmpty()) {
            COSBase next = pending.pop();
            if (seen.put(next, Boolean.TRUE) != null) {
                continue;
            }
            if (next instanceof COSDictionary dictionary) {
                COSName action = dictionary.getCOSName(COSName.S);
                if (COSName.JAVA_SCRIPT.equals(action) || dictionary.containsKey(COSName.JS)) {
                    return Optional.of(
                            "the PDF carries JavaScript, which signchain does not accept in a document to sign");
                }
                if (LAUNCH.equals(action)) {
                    return Optional.of("the PDF carries a launch action (it would start a program), which signchain"
                            + " does not accept in a document to sign");
                }
                // Only what is written inside this object: indirect references are objects of their own, visited
                // from the cross-reference table.
                for (COSBase value : dictionary.getValues()) {
                    if (value instanceof COSDictionary || value instanceof COSArray) {
                        pending.push(value);
                    }
                }
            } else if (next instanceof COSArray array) {
                for (COSBase value : array) {
                    if (value instanceof COSDictionary || value instanceof COSArray) {
                        pending.push(value);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
