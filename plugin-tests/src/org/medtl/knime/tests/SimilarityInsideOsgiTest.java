package org.medtl.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medtl.core.similarity.ActivationMatrix;
import org.medtl.core.similarity.MeasureSettings;
import org.medtl.core.similarity.Similarity;
import org.medtl.core.similarity.SimilarityMeasure;

/**
 * The similarity capability computes on native OpenBLAS (bytedeco javacpp), which loads its native library through
 * class loaders; this checks that it does so from inside the plugin bundle, as the CCA Comparator node needs. The
 * value is analytic: CCA and linear CKA are invariant to an invertible linear map of one side (CKA only to an
 * orthogonal one), so X against X times an invertible matrix gives mean CCA 1.
 */
class SimilarityInsideOsgiTest {

    @Test
    void meanCcaOfALinearlyMappedCopyIsOneInsideEquinox() {
        int n = 200;
        int d = 6;
        Random random = new Random(7);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        double[][] map = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                map[i][j] = (i == j ? 2.0 : 0.0) + 0.3 * random.nextGaussian();
            }
        }
        double[] y = new double[n * d];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += x[r * d + k] * map[k][j];
                }
                y[r * d + j] = v;
            }
        }
        double cca = Similarity.compute(ActivationMatrix.ofRowMajor("x", x, n, d),
            ActivationMatrix.ofRowMajor("y", y, n, d), MeasureSettings.defaults(SimilarityMeasure.CCA)).value();
        assertEquals(1.0, cca, 1e-6);
    }
}
