package no.signchain.activities.verification;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.pdf.visible.ImageUtils;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PixelExactDifferencesFinder#samePixels} must give DSS's verdict ({@link ImageUtils#imagesEqual}) for every pair
 * of renderings: equal only when every pixel's red, green and blue are, whatever the alpha.
 */
class PixelExactDifferencesFinderTest {

    private final Random random = new Random(20261201);

    @Test
    void identicalRenderingsAreTheSame() {
        BufferedImage page = randomImage(BufferedImage.TYPE_INT_RGB, 120, 80);

        assertAgreesWithDss(page, copy(page, BufferedImage.TYPE_INT_RGB), true);
    }

    @Test
    void oneChannelOfOnePixelMakesThemDifferent() {
        for (int shift : new int[] {0, 8, 16}) {
            BufferedImage page = randomImage(BufferedImage.TYPE_INT_RGB, 120, 80);
            BufferedImage changed = copy(page, BufferedImage.TYPE_INT_RGB);
            int x = random.nextInt(120);
            int y = random.nextInt(80);
            changed.setRGB(x, y, page.getRGB(x, y) ^ (1 << shift));

            assertAgreesWithDss(page, changed, false);
        }
    }

    @Test
    void theLastPixelIsCompared() {
        BufferedImage page = randomImage(BufferedImage.TYPE_INT_RGB, 120, 80);
        BufferedImage changed = copy(page, BufferedImage.TYPE_INT_RGB);
        changed.setRGB(119, 79, page.getRGB(119, 79) ^ 1);

        assertAgreesWithDss(page, changed, false);
    }

    @Test
    void alphaAloneIsNoDifference() {
        BufferedImage page = randomImage(BufferedImage.TYPE_INT_ARGB, 60, 40);
        BufferedImage otherAlpha = copy(page, BufferedImage.TYPE_INT_ARGB);
        otherAlpha.setRGB(7, 9, (page.getRGB(7, 9) & 0xFFFFFF) | 0x10000000);

        assertAgreesWithDss(page, otherAlpha, true);
    }

    @Test
    void differentSizesAreDifferent() {
        BufferedImage page = randomImage(BufferedImage.TYPE_INT_RGB, 60, 40);

        assertAgreesWithDss(page, randomImage(BufferedImage.TYPE_INT_RGB, 60, 41), false);
        assertAgreesWithDss(page, randomImage(BufferedImage.TYPE_INT_RGB, 61, 40), false);
    }

    @Test
    void otherImageTypesAndMixedTypesAreComparedByColour() {
        BufferedImage page = randomImage(BufferedImage.TYPE_INT_RGB, 50, 30);
        BufferedImage bgr = copy(page, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage argb = copy(page, BufferedImage.TYPE_INT_ARGB);

        assertAgreesWithDss(page, bgr, true);
        assertAgreesWithDss(page, argb, true);
        bgr.setRGB(3, 4, page.getRGB(3, 4) ^ 0x000100);
        assertAgreesWithDss(page, bgr, false);
        assertAgreesWithDss(bgr, copy(bgr, BufferedImage.TYPE_3BYTE_BGR), true);
    }

    @Test
    void randomPairsGetDssVerdict() {
        for (int i = 0; i < 200; i++) {
            int type = random.nextBoolean() ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB;
            BufferedImage page = randomImage(type, 1 + random.nextInt(40), 1 + random.nextInt(40));
            BufferedImage other = copy(page, random.nextBoolean() ? type : BufferedImage.TYPE_INT_RGB);
            if (random.nextBoolean()) {
                int x = random.nextInt(page.getWidth());
                int y = random.nextInt(page.getHeight());
                other.setRGB(x, y, random.nextInt());
            }
            assertThat(PixelExactDifferencesFinder.samePixels(page, other))
                    .as("pair %d", i)
                    .isEqualTo(ImageUtils.imagesEqual(page, other));
        }
    }

    private static void assertAgreesWithDss(BufferedImage a, BufferedImage b, boolean expected) {
        assertThat(ImageUtils.imagesEqual(a, b)).as("DSS's own verdict").isEqualTo(expected);
        assertThat(PixelExactDifferencesFinder.samePixels(a, b)).isEqualTo(expected);
        assertThat(PixelExactDifferencesFinder.samePixels(b, a)).isEqualTo(expected);
    }

    private BufferedImage randomImage(int type, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(
                        x, y, type == BufferedImage.TYPE_INT_ARGB ? random.nextInt() : random.nextInt() | 0xFF000000);
            }
        }
        return image;
    }

    private static BufferedImage copy(BufferedImage image, int type) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), type);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                copy.setRGB(
                        x,
                        y,
                        type == BufferedImage.TYPE_INT_ARGB ? image.getRGB(x, y) : image.getRGB(x, y) | 0xFF000000);
            }
        }
        return copy;
    }
}
