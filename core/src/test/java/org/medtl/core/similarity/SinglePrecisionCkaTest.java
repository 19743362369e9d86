package org.medtl.core.similarity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.io.Npy;

import java.nio.file.Path;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CKA on float32 activations in single precision against the double-precision computation of the same
 * values: the error bound docs/similarity.md states (below 1e-6 absolute) on activations like the study's.
 */
class SinglePrecisionCkaTest {

    private static final double BOUND = 1e-6;

    /**
     * ReLU'd conv-like activations: each neuron mixes 4 of 32 latent signals shared by both layers, plus noise
     * (Y noisier), shifted by {@code offset} before the ReLU.
     */
    static float[][] reluPair(long seed, int m, int n, float offset) {
        Random r = new Random(seed);
        int latent = 32;
        float[] z = new float[m * latent];
        for (int k = 0; k < z.length; k++) {
            z[k] = (float) r.nextGaussian();
        }
        float[][] out = new float[2][m * n];
        for (int side = 0; side < 2; side++) {
            int[] src = new int[n * 4];
            float[] w = new float[n * 4];
            for (int k = 0; k < src.length; k++) {
                src[k] = r.nextInt(latent);
                w[k] = (float) r.nextGaussian();
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float v = (float) r.nextGaussian() * (side == 0 ? 0.7f : 1.0f);
                    for (int k = 0; k < 4; k++) {
                        v += w[j * 4 + k] * z[i * latent + src[j * 4 + k]];
                    }
                    out[side][i * n + j] = Math.max(0f, v + offset);
                }
            }
        }
        return out;
    }

    static ActivationMatrix widened(String name, float[] f, int m, int n) {
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            d[k] = f[k];
        }
        return ActivationMatrix.ofRowMajor(name, d, m, n);
    }

    private static double[] both(ActivationMatrix x, ActivationMatrix y) {
        Cka.Moments mo = SinglePrecisionCka.moments(x, y, true);
        return new double[] {Cka.compute(mo, false, "x", "y").value(), Cka.compute(mo, true, "x", "y").value()};
    }

    private static double[] reference(float[][] p, int m, int n) {
        ActivationMatrix x = widened("x", p[0], m, n);
        ActivationMatrix y = widened("y", p[1], m, n);
        var r = Similarity.computeAll(x, y, java.util.List.of(MeasureSettings.defaults(SimilarityMeasure.CKA),
                MeasureSettings.defaults(SimilarityMeasure.CKA_DEBIASED)));
        return new double[] {r.get(0).value(), r.get(1).value()};
    }

    @Test
    void studyComparisonSizeWithinBound() {
        // The study compares 64 random channels over about 10,000 positions; that size stays in double
        // precision by default, so the single-precision path is called directly here.
        int m = 10_000;
        int n = 64;
        float[][] p = reluPair(1, m, n, 0.3f);
        ActivationMatrix x = ActivationMatrix.ofRowMajor("x", p[0], m, n);
        ActivationMatrix y = ActivationMatrix.ofRowMajor("y", p[1], m, n);
        assertFalse(SinglePrecisionCka.applies(x, y));
        double[] single = both(x, y);
        double[] ref = reference(p, m, n);
        assertEquals(ref[0], single[0], BOUND);
        assertEquals(ref[1], single[1], BOUND);
        assertEquals(ref[0], Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.CKA)).value(), 0,
                "below the size threshold float32 activations take the double-precision path");
    }

    @Test
    void largeFloat32ActivationsTakeTheSinglePrecisionPathWithinBound() {
        int m = 10_000;
        int n = 320;
        for (float offset : new float[] {0.3f, 50f}) {
            float[][] p = reluPair(2, m, n, offset);
            ActivationMatrix x = ActivationMatrix.ofRowMajor("x", p[0], m, n);
            ActivationMatrix y = ActivationMatrix.ofRowMajor("y", p[1], m, n);
            assertTrue(SinglePrecisionCka.applies(x, y));
            double[] ref = reference(p, m, n);
            var got = Similarity.computeAll(x, y, java.util.List.of(MeasureSettings.defaults(SimilarityMeasure.CKA),
                    MeasureSettings.defaults(SimilarityMeasure.CKA_DEBIASED)));
            // ReLU'd at offset 0.3 a neuron's mean square is a few times its variance: the products of the data as
            // stored, centred afterwards; at offset 50 about 150 times: centred first.
            assertEquals(offset < 1 ? SinglePrecisionCka.Path.UNCENTRED_PRODUCTS : SinglePrecisionCka.Path.CENTRED_BLOCKS,
                    SinglePrecisionCka.lastPath, "offset " + offset);
            assertEquals(ref[0], got.get(0).value(), BOUND, "offset " + offset);
            assertEquals(ref[1], got.get(1).value(), BOUND, "offset " + offset);
            assertEquals(SimilarityMeasure.CKA_DEBIASED, got.get(1).measure());
            assertEquals(n, got.get(0).keptX());
            assertEquals(m, got.get(0).dataPoints());
            // Guard against a vacuous bound: the representations are related but not identical.
            assertTrue(ref[0] > 0.2 && ref[0] < 0.999, "CKA " + ref[0]);
        }
    }

    @Test
    void blocksOfDataPointsGiveTheSameValue() {
        int m = 1001;
        // Offset 50: means far above the spread, so the data are centred block by block.
        float[][] p = reluPair(3, m, 40, 50f);
        ActivationMatrix x = ActivationMatrix.ofRowMajor("x", p[0], m, 40);
        ActivationMatrix y = ActivationMatrix.ofRowMajor("y", p[1], m, 40);
        double[] ref = reference(p, m, 40);
        long saved = SinglePrecisionCka.blockElements;
        try {
            // 64 data points per block, the last one partial: a lost, repeated or misplaced block would move
            // the value by far more than the rounding (which differs from one block only in summation order).
            SinglePrecisionCka.blockElements = 80 * 64;
            double[] blocked = both(x, y);
            assertEquals(SinglePrecisionCka.Path.CENTRED_BLOCKS, SinglePrecisionCka.lastPath);
            assertEquals(ref[0], blocked[0], BOUND);
            assertEquals(ref[1], blocked[1], BOUND);
        } finally {
            SinglePrecisionCka.blockElements = saved;
        }
    }

    @Test
    void nonFiniteValuesAndConstantLayersAreNamed() {
        int m = 3000;
        int n = 300;
        float[][] p = reluPair(4, m, n, 0.3f);
        p[1][4 * n + 2] = Float.NaN;
        ActivationMatrix x = ActivationMatrix.ofRowMajor("a.npy", p[0], m, n);
        ActivationMatrix y = ActivationMatrix.ofRowMajor("b.npy", p[1], m, n);
        assertTrue(SinglePrecisionCka.applies(x, y));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.CKA)));
        assertTrue(e.getMessage().contains("b.npy") && e.getMessage().contains("data point (row) 5")
                && e.getMessage().contains("neuron (column) 3"), e.getMessage());

        ActivationMatrix constant = ActivationMatrix.ofRowMajor("flat.npy", new float[m * n], m, n);
        var c = assertThrows(IllegalArgumentException.class,
                () -> Similarity.compute(x, constant, MeasureSettings.defaults(SimilarityMeasure.CKA)));
        assertTrue(c.getMessage().contains("flat.npy") && c.getMessage().contains("constant"), c.getMessage());
    }

    @Test
    void mappedNpyFilesGoToBlasWithoutACopyAndGiveTheSameValues(@TempDir Path dir) throws Exception {
        int m = 4000;
        int n = 256;
        float[][] p = reluPair(6, m, n, 0.3f);
        Npy.write(dir.resolve("x.npy"), Npy.Array.float32(p[0], m, n));
        Npy.write(dir.resolve("y.npy"), Npy.Array.float32(p[1], m, n));
        ActivationMatrix x = MatrixFiles.read(dir.resolve("x.npy"), false);
        ActivationMatrix y = MatrixFiles.read(dir.resolve("y.npy"), false);
        assertTrue(x.singles().isDirect(), "a float32 .npy file is mapped, not read into the heap");
        double[] ref = reference(p, m, n);
        double plain = Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.CKA)).value();
        assertEquals(SinglePrecisionCka.Path.UNCENTRED_PRODUCTS, SinglePrecisionCka.lastPath);
        assertEquals(ref[0], plain, BOUND);
        assertEquals(ref[1], Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.CKA_DEBIASED)).value(), BOUND);
        // The same values from heap storage: the mapped file is read in place, not differently.
        ActivationMatrix hx = ActivationMatrix.ofRowMajor("x", p[0], m, n);
        ActivationMatrix hy = ActivationMatrix.ofRowMajor("y", p[1], m, n);
        assertEquals(plain, Similarity.compute(hx, hy, MeasureSettings.defaults(SimilarityMeasure.CKA)).value(), 1e-12);
    }

    @Test
    void oneConstantNeuronAwayFromZeroTakesTheCentredPath() {
        // A neuron stuck at 3.0 has no variance: centring its uncentred products afterwards would leave only
        // rounding, so the data are centred first; the value matches double precision.
        int m = 3000;
        int n = 300;
        float[][] p = reluPair(7, m, n, 0.3f);
        for (int i = 0; i < m; i++) {
            p[0][i * n + 17] = 3.0f;
        }
        ActivationMatrix x = ActivationMatrix.ofRowMajor("x", p[0], m, n);
        ActivationMatrix y = ActivationMatrix.ofRowMajor("y", p[1], m, n);
        double got = Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.CKA)).value();
        assertEquals(SinglePrecisionCka.Path.CENTRED_BLOCKS, SinglePrecisionCka.lastPath);
        assertEquals(reference(p, m, n)[0], got, BOUND);
    }

    @Test
    void float32StorageIsKeptBySelectAndTranspose() {
        float[][] p = reluPair(5, 30, 7, 0.3f);
        ActivationMatrix single = ActivationMatrix.ofRowMajor("x", p[0], 30, 7);
        ActivationMatrix dbl = widened("x", p[0], 30, 7);
        assertEquals(dbl, single);
        assertEquals(dbl.hashCode(), single.hashCode());
        int[] rows = {3, 0, 29};
        int[] cols = {6, 1};
        assertTrue(single.select(rows, cols).isSingle());
        assertEquals(dbl.select(rows, cols), single.select(rows, cols));
        assertTrue(single.transpose().isSingle());
        assertEquals(dbl.transpose(), single.transpose());
        assertEquals(p[0][4 * 7 + 5], single.get(4, 5), 0);
    }
}
