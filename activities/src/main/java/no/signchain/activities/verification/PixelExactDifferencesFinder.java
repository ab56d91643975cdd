package no.signchain.activities.verification;

import eu.europa.esig.dss.pdf.PdfAnnotation;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.modifications.CommonPdfModification;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfDifferencesFinder;
import eu.europa.esig.dss.pdf.modifications.PdfModification;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSS's visual comparison of a signed revision with the final document, with DSS's verdict and a faster pixel
 * comparison. DSS renders each page of both (the final one without the annotations added since the signed revision)
 * and calls them equal when every pixel has the same red, green and blue (alpha is ignored, nothing is tolerated).
 * Its {@code ImageUtils.imagesEqual} reads the two renderings one {@code getRGB(x, y)} at a time, which was about
 * half of a two-signature version's verification; this reads them a row at a time and stops at the first difference.
 * The page loop, the limit of pages compared and the added-annotations rule are DSS's.
 */
final class PixelExactDifferencesFinder extends DefaultPdfDifferencesFinder {

    private static final Logger log = LoggerFactory.getLogger(PixelExactDifferencesFinder.class);

    /** DSS's default: a longer document is compared by its objects only, as DSS does. */
    private static final int PAGES_COMPARED_AT_MOST = 10;

    private static final int RGB = 0xFFFFFF;

    @Override
    public List<PdfModification> getVisualDifferences(
            PdfDocumentReader signedRevision, PdfDocumentReader finalRevision) {
        List<PdfModification> differences = new ArrayList<>();
        if (finalRevision.getNumberOfPages() > PAGES_COMPARED_AT_MOST) {
            return differences;
        }
        int pages = Math.min(signedRevision.getNumberOfPages(), finalRevision.getNumberOfPages());
        for (int page = 1; page <= pages; page++) {
            try {
                BufferedImage signed = signedRevision.generateImageScreenshot(page);
                List<PdfAnnotation> before = signedRevision.getPdfAnnotations(page);
                List<PdfAnnotation> added = new ArrayList<>(finalRevision.getPdfAnnotations(page));
                added.removeIf(before::contains);
                BufferedImage now = finalRevision.generateImageScreenshotWithoutAnnotations(page, added);
                if (!samePixels(signed, now)) {
                    log.warn("Page {} of the final document looks different from the signed revision", page);
                    differences.add(new CommonPdfModification(page));
                }
            } catch (IOException e) {
                // As DSS: a page that cannot be rendered is reported, and counts as no visual difference.
                log.warn("Page {} could not be rendered for the visual comparison: {}", page, e.getMessage());
            }
        }
        return differences;
    }

    /** Whether both images have the same size and every pixel the same red, green and blue. */
    static boolean samePixels(BufferedImage a, BufferedImage b) {
        int width = a.getWidth();
        int height = a.getHeight();
        if (width != b.getWidth() || height != b.getHeight()) {
            return false;
        }
        int[] rowA = new int[width];
        int[] rowB = new int[width];
        boolean packed = packedRgb(a) && a.getType() == b.getType();
        for (int y = 0; y < height; y++) {
            if (packed) {
                // The raster's own ints, no colour-model conversion: for these two types getRGB is the int itself
                // (with alpha forced to opaque for TYPE_INT_RGB), and alpha is masked off below anyway.
                a.getRaster().getDataElements(0, y, width, 1, rowA);
                b.getRaster().getDataElements(0, y, width, 1, rowB);
            } else {
                a.getRGB(0, y, width, 1, rowA, 0, width);
                b.getRGB(0, y, width, 1, rowB, 0, width);
            }
            for (int x = 0; x < width; x++) {
                if (((rowA[x] ^ rowB[x]) & RGB) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean packedRgb(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB;
    }
}
