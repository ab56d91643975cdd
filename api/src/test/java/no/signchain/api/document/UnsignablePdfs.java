package no.signchain.api.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;

/**
 * PDFs a signer cannot sign, made on the spot, each the kind a business system might really send. Shared with the
 * app module's end-to-end tests (test-jar).
 */
public final class UnsignablePdfs {

    private UnsignablePdfs() {}

    /** A plain one-page PDF, the base the others are made from. */
    public static byte[] plain() {
        return save(onePage("Rental agreement"));
    }

    /** Encrypted with an owner password only: it opens without a password, but it is encrypted. */
    public static byte[] encryptedWithoutPassword() {
        return encrypted("");
    }

    /** Encrypted with a password needed to open it. */
    public static byte[] encryptedWithPassword() {
        return encrypted("open-sesame");
    }

    /** The first half of a real PDF, as an interrupted upload or copy leaves it. */
    public static byte[] truncated() {
        byte[] whole = plain();
        return Arrays.copyOf(whole, whole.length / 2);
    }

    /** Nothing but the header. */
    public static byte[] headerOnly() {
        return "%PDF-".getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts and ends like a PDF, with nothing a parser can use in between. */
    public static byte[] garbage() {
        return "%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** A script run when the document opens (the catalog's /OpenAction). */
    public static byte[] javaScriptOnOpen() {
        PDDocument document = onePage("Rental agreement");
        document.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('signed?');"));
        return save(document);
    }

    /** A script in a link annotation's action, written inside the annotation (a direct object). */
    public static byte[] javaScriptInALink() {
        PDDocument document = onePage("Rental agreement");
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(72, 700, 100, 20));
        link.setAction(new PDActionJavaScript("this.print();"));
        addAnnotation(document, link);
        return save(document);
    }

    /** A link that starts a program. */
    public static byte[] launchAction() {
        PDDocument document = onePage("Rental agreement");
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(72, 700, 100, 20));
        PDActionLaunch launch = new PDActionLaunch();
        launch.getCOSObject().setString("F", "calc.exe");
        link.setAction(launch);
        addAnnotation(document, link);
        return save(document);
    }

    private static byte[] encrypted(String userPassword) {
        PDDocument document = onePage("Rental agreement");
        try {
            StandardProtectionPolicy policy =
                    new StandardProtectionPolicy("owner-secret", userPassword, new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return save(document);
    }

    private static void addAnnotation(PDDocument document, PDAnnotationLink link) {
        document.getPage(0).setAnnotations(List.of(link));
    }

    private static PDDocument onePage(String text) {
        PDDocument document = new PDDocument();
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            content.newLineAtOffset(72, 760);
            content.showText(text);
            content.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return document;
    }

    private static byte[] save(PDDocument document) {
        try (document;
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
