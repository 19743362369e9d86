package org.medtl.core.dataset.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The generators' designed properties (docs/synthetic-study.md): the target's lesions are small and faint and
 * differ between classes only in their margin; the radiology-like source shares the target's intensity statistics
 * and shows conspicuous lesions; the natural-like source does neither; everything is a function of the seed.
 */
class SyntheticTaskTest {

    private static final int SIZE = 40;
    private static final int N = 120;

    private static int[] pixels(BufferedImage img) {
        int[] p = new int[img.getWidth() * img.getHeight()];
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            // the stored grey levels: getRGB would convert them from linear grey to sRGB
            return img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), p);
        }
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                // luma: the colour task seen in grey
                p[y * img.getWidth() + x] = (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
            }
        }
        return p;
    }

    @Test
    void everyImageIsAFunctionOfTaskSeedAndIndex() {
        for (SyntheticTask t : SyntheticTask.values()) {
            assertArrayEquals(pixels(t.render(3, 17, SIZE)), pixels(t.render(3, 17, SIZE)), t.key());
            assertFalse(Arrays.equals(pixels(t.render(3, 17, SIZE)), pixels(t.render(4, 17, SIZE))), t.key() + ": another seed, another image");
            assertEquals(t.lesion(3, 17, SIZE), t.lesion(3, 17, SIZE));
        }
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, SyntheticTask.ULTRASOUND.render(1, 0, SIZE).getType());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, SyntheticTask.RADIOLOGY.render(1, 0, SIZE).getType());
    }

    /** Mean over the target's images of class {@code label} of one lesion parameter. */
    private static double mean(SyntheticTask t, int label, java.util.function.ToDoubleFunction<SyntheticTask.Lesion> f) {
        return java.util.stream.IntStream.range(0, N).filter(i -> t.labelOf(i) == label).mapToObj(i -> t.lesion(9, i, SIZE)).mapToDouble(f).average()
                .orElseThrow();
    }

    @Test
    void targetLesionsAreSmallAndFaintAndOnlyTheirMarginTellsTheClass() {
        SyntheticTask t = SyntheticTask.ULTRASOUND;
        for (int i = 0; i < N; i++) {
            SyntheticTask.Lesion l = t.lesion(9, i, SIZE);
            assertTrue(l.present());
            assertTrue(l.radius() >= 0.12 * SIZE && l.radius() <= 0.17 * SIZE, "radius " + l.radius());
            assertTrue(l.contrast() >= 0.60 && l.contrast() <= 0.72, "contrast " + l.contrast());
            assertEquals(t.labelOf(i) == 1, l.spiculation() > 0, "only malignant lesions are spiculated");
        }
        // Same size, contrast and shape distribution in both classes (to sampling error): no shortcut but the margin.
        // Radii are uniform over 1.6 px: the two classes' means over 60 images each differ by about 0.08 px (1 sd).
        assertEquals(mean(t, 0, SyntheticTask.Lesion::radius), mean(t, 1, SyntheticTask.Lesion::radius), 0.4);
        assertEquals(mean(t, 0, SyntheticTask.Lesion::contrast), mean(t, 1, SyntheticTask.Lesion::contrast), 0.015);
        assertEquals(mean(t, 0, SyntheticTask.Lesion::aspect), mean(t, 1, SyntheticTask.Lesion::aspect), 0.05);
    }

    /** Mean grey level inside the lesion's core over that of the tissue ring just outside its margin, as rendered. */
    private static double measuredContrast(SyntheticTask t, long seed, int index) {
        SyntheticTask.Lesion l = t.lesion(seed, index, SIZE);
        int[] p = pixels(t.render(seed, index, SIZE));
        double inside = 0;
        double outside = 0;
        int ni = 0;
        int no = 0;
        double reach = l.radius() * (1 + l.spiculation());
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double d = Math.hypot(x + 0.5 - l.cx(), y + 0.5 - l.cy());
                if (l.cover(x + 0.5, y + 0.5) >= 1) {
                    inside += p[y * SIZE + x];
                    ni++;
                } else if (d > reach + 1 && d < reach + 5) {
                    outside += p[y * SIZE + x];
                    no++;
                }
            }
        }
        return inside / ni / (outside / no);
    }

    private static double medianContrast(SyntheticTask t) {
        double[] c = java.util.stream.IntStream.range(0, N).filter(i -> t.lesion(9, i, SIZE).present()).mapToDouble(i -> measuredContrast(t, 9, i))
                .sorted().toArray();
        return c[c.length / 2];
    }

    @Test
    void renderedLesionsShowTheirDesignedContrastFaintInTheTargetConspicuousInTheSource() {
        double target = medianContrast(SyntheticTask.ULTRASOUND);
        double source = medianContrast(SyntheticTask.RADIOLOGY);
        assertTrue(target > 0.58 && target < 0.75, "target lesion/tissue " + target);
        assertTrue(source > 0.45 && source < target, "source lesion/tissue " + source + ", target " + target);
        SyntheticTask.Lesion clear = SyntheticTask.RADIOLOGY.lesion(9, 0, SIZE);
        assertEquals("clear", SyntheticTask.RADIOLOGY.classes().get(SyntheticTask.RADIOLOGY.labelOf(0)));
        assertFalse(clear.present());
    }

    private static double[] histogram(SyntheticTask t) {
        double[] h = new double[32];
        for (int i = 0; i < N; i++) {
            for (int v : pixels(t.render(9, i, SIZE))) {
                h[v / 8]++;
            }
        }
        double total = Arrays.stream(h).sum();
        return Arrays.stream(h).map(v -> v / total).toArray();
    }

    private static double l1(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d;
    }

    @Test
    void theRadiologyLikeSourceSharesTheTargetsIntensityHistogramTheNaturalOneDoesNot() {
        double[] target = histogram(SyntheticTask.ULTRASOUND);
        double radiology = l1(target, histogram(SyntheticTask.RADIOLOGY));
        double natural = l1(target, histogram(SyntheticTask.NATURAL));
        // L1 distance of normalised 32-bin histograms: 0 for equal, 2 for disjoint.
        assertTrue(radiology < 0.25, "radiology vs target " + radiology);
        assertTrue(natural > 2 * radiology, "natural " + natural + " vs radiology " + radiology);
    }

    /** Correlation of horizontally adjacent values: larger for a coarser speckle grain. */
    private static double lagOneCorrelation(double[] f, int s) {
        double mean = Arrays.stream(f).average().orElseThrow();
        double num = 0;
        double den = 0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double a = f[y * s + x] - mean;
                den += a * a;
                if (x + 1 < s) {
                    num += a * (f[y * s + x + 1] - mean);
                }
            }
        }
        return num / den;
    }

    @Test
    void lesionSpeckleIsCoarserThanTissueSpeckleWithTheSameMean() {
        double[] tissue = SyntheticTask.speckle(new Random(1), 64, 0.6);
        double[] lesion = SyntheticTask.speckle(new Random(1), 64, 1.3);
        assertEquals(1.0, Arrays.stream(tissue).average().orElseThrow(), 1e-9);
        assertEquals(1.0, Arrays.stream(lesion).average().orElseThrow(), 1e-9);
        assertTrue(lagOneCorrelation(lesion, 64) > lagOneCorrelation(tissue, 64) + 0.2,
                lagOneCorrelation(lesion, 64) + " vs " + lagOneCorrelation(tissue, 64));
    }
}
