package org.medtl.core.similarity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Analytic cases and invariances of the similarity measures. */
class SimilarityPropertiesTest {

    static double[][] gaussian(Random r, int m, int n) {
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = r.nextGaussian();
            }
        }
        return a;
    }

    static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    /** Random orthogonal matrix by Gram-Schmidt. */
    static double[][] orthogonal(Random r, int n) {
        double[][] q = gaussian(r, n, n);
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[i][j] * q[i][k];
                }
                for (int i = 0; i < n; i++) {
                    q[i][j] -= dot * q[i][k];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[i][j] * q[i][j];
            }
            for (int i = 0; i < n; i++) {
                q[i][j] /= Math.sqrt(norm);
            }
        }
        return q;
    }

    static double[][] scaleShift(double[][] a, double scale, double shift) {
        double[][] b = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                b[i][j] = scale * a[i][j] + shift * (j + 1);
            }
        }
        return b;
    }

    static ActivationMatrix m(String name, double[][] a) {
        return ActivationMatrix.ofRows(name, a);
    }

    /** A pair of layers that share a few latent signals plus noise. */
    static double[][][] relatedPair(long seed, int m, int nx, int ny) {
        Random r = new Random(seed);
        double[][] z = gaussian(r, m, 4);
        double[][] x = times(z, gaussian(r, 4, nx));
        double[][] y = times(z, gaussian(r, 4, ny));
        double[][] nxs = gaussian(r, m, nx);
        double[][] nys = gaussian(r, m, ny);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < nx; j++) {
                x[i][j] += 0.8 * nxs[i][j];
            }
            for (int j = 0; j < ny; j++) {
                y[i][j] += 1.2 * nys[i][j];
            }
        }
        return new double[][][] {x, y};
    }

    @ParameterizedTest
    @EnumSource(SimilarityMeasure.class)
    void identicalActivationsGiveOne(SimilarityMeasure measure) {
        double[][] x = gaussian(new Random(1), 300, 12);
        SimilarityResult r = Similarity.compute(m("x", x), m("x copy", x), MeasureSettings.defaults(measure));
        assertEquals(1.0, r.value(), 1e-9, measure.key());
        for (double c : r.coefficients()) {
            assertEquals(1.0, c, 1e-9);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimilarityMeasure.class, names = "PWCCA", mode = EnumSource.Mode.EXCLUDE)
    void invariantToOrthogonalTransformIsotropicScalingAndShift(SimilarityMeasure measure) {
        double[][][] p = relatedPair(2, 400, 10, 8);
        Random r = new Random(3);
        double[][] y2 = scaleShift(times(p[1], orthogonal(r, 8)), 7.5, 3.0);
        double[][] x2 = scaleShift(times(p[0], orthogonal(r, 10)), 0.01, -2.0);
        MeasureSettings s = new MeasureSettings(measure, 0, 0.99, 0);
        SimilarityResult a = Similarity.compute(m("x", p[0]), m("y", p[1]), s);
        SimilarityResult b = Similarity.compute(m("x'", x2), m("y'", y2), s);
        assertEquals(a.value(), b.value(), 1e-9, measure.key());
        assertArrayEquals(a.coefficients(), b.coefficients(), 1e-9);
        assertTrue(a.value() > 0.05 && a.value() < 0.99, "related but not identical: " + a.value());
    }

    /** PWCCA's weights sum |projections| over neurons: invariant to permutations and sign flips, not rotations. */
    @Test
    void pwccaInvariantToPermutationSignFlipScalingAndShift() {
        double[][][] p = relatedPair(16, 400, 10, 8);
        double[][] perm = new double[10][10];
        int[] order = {3, 0, 9, 1, 7, 2, 8, 4, 6, 5};
        for (int i = 0; i < 10; i++) {
            perm[i][order[i]] = i % 3 == 0 ? -1 : 1;
        }
        MeasureSettings s = MeasureSettings.defaults(SimilarityMeasure.PWCCA);
        SimilarityResult a = Similarity.compute(m("x", p[0]), m("y", p[1]), s);
        SimilarityResult b = Similarity.compute(m("x'", scaleShift(times(p[0], perm), 3.0, 1.5)), m("y'", scaleShift(p[1], 0.2, -4)), s);
        assertEquals(a.value(), b.value(), 1e-9);
        // Y (8 neurons) is the side whose neurons weight the directions.
        double[][] rotated = times(p[1], orthogonal(new Random(17), 8));
        assertTrue(Math.abs(a.value() - Similarity.compute(m("x", p[0]), m("yR", rotated), s).value()) > 1e-4);
    }

    @Test
    void ccaInvariantToInvertibleLinearMaps() {
        double[][][] p = relatedPair(4, 500, 9, 7);
        Random r = new Random(5);
        double[][] mapX = gaussian(r, 9, 9);
        double[][] mapY = gaussian(r, 7, 7);
        for (int i = 0; i < 9; i++) {
            mapX[i][i] += 3; // well conditioned, invertible
        }
        for (int i = 0; i < 7; i++) {
            mapY[i][i] += 3;
        }
        MeasureSettings s = new MeasureSettings(SimilarityMeasure.CCA, 0, 0.99, 0);
        SimilarityResult a = Similarity.compute(m("x", p[0]), m("y", p[1]), s);
        SimilarityResult b = Similarity.compute(m("xA", times(p[0], mapX)), m("yB", times(p[1], mapY)), s);
        assertArrayEquals(a.coefficients(), b.coefficients(), 1e-9);
        // CKA is not invariant to such maps: a sanity check that the test can tell.
        MeasureSettings cka = MeasureSettings.defaults(SimilarityMeasure.CKA);
        double c1 = Similarity.compute(m("x", p[0]), m("y", p[1]), cka).value();
        double c2 = Similarity.compute(m("xA", times(p[0], mapX)), m("yB", times(p[1], mapY)), cka).value();
        assertTrue(Math.abs(c1 - c2) > 1e-3);
    }

    /**
     * X = [u1 u2 u3], Y = [rho_i u_i + sqrt(1 - rho_i^2) v_i] with u, v centred and jointly orthonormal:
     * the sample canonical correlations are exactly rho.
     */
    @Test
    void knownCanonicalCorrelations() {
        int m = 200;
        Random r = new Random(6);
        double[][] g = gaussian(r, m, 6);
        // Centre columns, then Gram-Schmidt: six centred orthonormal columns.
        for (int j = 0; j < 6; j++) {
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += g[i][j] / m;
            }
            for (int i = 0; i < m; i++) {
                g[i][j] -= mean;
            }
        }
        double[][] q = new double[m][6];
        for (int j = 0; j < 6; j++) {
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = g[i][j];
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += v[i] * q[i][k];
                }
                for (int i = 0; i < m; i++) {
                    v[i] -= dot * q[i][k];
                }
            }
            double norm = 0;
            for (double d : v) {
                norm += d * d;
            }
            for (int i = 0; i < m; i++) {
                q[i][j] = v[i] / Math.sqrt(norm);
            }
        }
        double[] rho = {0.9, 0.5, 0.2};
        double[][] x = new double[m][3];
        double[][] y = new double[m][3];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = q[i][j];
                y[i][j] = rho[j] * q[i][j] + Math.sqrt(1 - rho[j] * rho[j]) * q[i][j + 3];
            }
        }
        SimilarityResult res = Similarity.compute(m("x", x), m("y", y), new MeasureSettings(SimilarityMeasure.CCA, 0, 0.99, 0));
        assertArrayEquals(rho, res.coefficients(), 1e-12);
        assertEquals((0.9 + 0.5 + 0.2) / 3, res.value(), 1e-12);
        // google/svcca's 98 %-mass summary keeps coefficients until 98 % of the sum is reached: all three here.
        assertEquals(res.value(), res.summaries().get("mean_98_mass"), 1e-12);
    }

    @Test
    void sumThresholdFollowsReference() {
        // sum(s[:i]) / sum(s) >= 0.98 first at i = 2 for [0.99, 0.98, 0.01]: 1.97/1.98 = 0.995
        assertEquals(2, CcaCore.sumThreshold(new double[] {0.99, 0.98, 0.01}, 0.98));
        assertEquals(3, CcaCore.sumThreshold(new double[] {0.5, 0.5, 0.5}, 0.98));
    }

    @Test
    void differentNumbersOfDataPointsAreRejected() {
        Random r = new Random(7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Similarity.compute(m("a.npy", gaussian(r, 50, 3)),
                m("b.npy", gaussian(r, 40, 3)), MeasureSettings.defaults(SimilarityMeasure.CCA)));
        assertTrue(e.getMessage().contains("a.npy") && e.getMessage().contains("50") && e.getMessage().contains("40"), e.getMessage());
    }

    @Test
    void nonFiniteValuesAreRejectedWithTheirPosition() {
        double[][] x = gaussian(new Random(8), 30, 4);
        x[6][2] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Similarity.compute(m("acts.npy", x), m("y", gaussian(new Random(9), 30, 4)), MeasureSettings.defaults(SimilarityMeasure.CKA)));
        assertTrue(e.getMessage().contains("row) 7") && e.getMessage().contains("column) 3"), e.getMessage());
    }

    @Test
    void moreNeuronsThanDataPointsIsExplainedForCcaAndFineForCka() {
        Random r = new Random(10);
        ActivationMatrix x = m("x", gaussian(r, 20, 30));
        ActivationMatrix y = m("y", gaussian(r, 20, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.CCA)));
        assertTrue(e.getMessage().contains("degenerates"), e.getMessage());
        assertTrue(Double.isFinite(Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.CKA)).value()));
        // SVCCA first reduces to the directions the 20 points span.
        SimilarityResult sv = Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.SVCCA));
        assertTrue(sv.keptX() < 20 && Double.isFinite(sv.value()));
    }

    @Test
    void constantAndDuplicatedNeuronsAreReportedNotNaN() {
        double[][] x = gaussian(new Random(11), 100, 6);
        for (int i = 0; i < 100; i++) {
            x[i][2] = 4.0;      // dead neuron
            x[i][5] = x[i][1];  // duplicate
        }
        double[][] y = gaussian(new Random(12), 100, 5);
        SimilarityResult r = Similarity.compute(m("x", x), m("y", y), MeasureSettings.defaults(SimilarityMeasure.CCA));
        assertEquals(5, r.keptX());
        assertTrue(Double.isFinite(r.value()));
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("dropped")), r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("singular")), r.warnings().toString());
        // With epsilon 0 google/svcca returns NaN (LinAlgError) here; MedTL uses the pseudo-inverse and says so.
        SimilarityResult r0 = Similarity.compute(m("x", x), m("y", y), new MeasureSettings(SimilarityMeasure.CCA, 0, 0.99, 0));
        assertTrue(Double.isFinite(r0.value()));
        assertTrue(r0.warnings().stream().anyMatch(w -> w.contains("pseudo-inverse")), r0.warnings().toString());
    }

    @Test
    void allConstantLayerIsAnError() {
        double[][] x = new double[50][3];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Similarity.compute(m("dead", x),
                m("y", gaussian(new Random(13), 50, 3)), MeasureSettings.defaults(SimilarityMeasure.CCA)));
        assertTrue(e.getMessage().contains("constant"), e.getMessage());
    }

    @Test
    void svccaFixedDirectionsAndFraction() {
        double[][][] p = relatedPair(14, 300, 12, 12);
        SimilarityResult fixed = Similarity.compute(m("x", p[0]), m("y", p[1]), new MeasureSettings(SimilarityMeasure.SVCCA, 1e-12, 0.99, 4));
        assertEquals(4, fixed.keptX());
        assertEquals(4, fixed.coefficients().length);
        assertThrows(IllegalArgumentException.class, () -> Similarity.compute(m("x", p[0]), m("y", p[1]),
                new MeasureSettings(SimilarityMeasure.SVCCA, 1e-12, 0.99, 13)));
    }

    @Test
    void computeAllMatchesSingleCalls() {
        double[][][] p = relatedPair(15, 200, 6, 9);
        var all = Similarity.computeAll(m("x", p[0]), m("y", p[1]), java.util.Arrays.stream(SimilarityMeasure.values())
                .map(MeasureSettings::defaults).toList());
        for (SimilarityResult r : all) {
            assertEquals(Similarity.compute(m("x", p[0]), m("y", p[1]), MeasureSettings.defaults(r.measure())).value(), r.value(), 0);
        }
    }

    @Test
    void blockedCovarianceEqualsOneBlock() {
        double[][][] p = relatedPair(18, 301, 7, 5);
        SimilarityResult whole = Similarity.compute(m("x", p[0]), m("y", p[1]), MeasureSettings.defaults(SimilarityMeasure.CKA_DEBIASED));
        SimilarityResult cca = Similarity.compute(m("x", p[0]), m("y", p[1]), MeasureSettings.defaults(SimilarityMeasure.CCA));
        long saved = Covariances.blockElements;
        try {
            Covariances.blockElements = 12 * 40; // 40 data points per block, last block partial
            assertEquals(whole.value(), Similarity.compute(m("x", p[0]), m("y", p[1]),
                    MeasureSettings.defaults(SimilarityMeasure.CKA_DEBIASED)).value(), 1e-12);
            assertArrayEquals(cca.coefficients(), Similarity.compute(m("x", p[0]), m("y", p[1]),
                    MeasureSettings.defaults(SimilarityMeasure.CCA)).coefficients(), 1e-12);
        } finally {
            Covariances.blockElements = saved;
        }
    }
}
