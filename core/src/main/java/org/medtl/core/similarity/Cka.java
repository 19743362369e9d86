package org.medtl.core.similarity;

import java.util.List;
import java.util.Map;

/**
 * Linear centred kernel alignment: Kornblith, Norouzi, Lee, Hinton, "Similarity of Neural Network
 * Representations Revisited", ICML 2019 (arXiv 1905.00414).
 *
 * <p>{@code CKA = ||Xc^T Yc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F)} in feature space. The debiased
 * variant replaces each HSIC by the unbiased estimator of Song et al., "Feature selection via dependence
 * maximization", JMLR 2012; with centred features and {@code d_i}, {@code e_i} the squared norms of data
 * point i, {@code HSIC_1 ∝ ||Xc^T Yc||^2 - n/(n-2) d.e + (sum d)(sum e)/((n-1)(n-2))} (the Gram-matrix
 * formula of Song et al. with the zeroed diagonal written out; the common factor 1/(n(n-3)) cancels).</p>
 *
 * <p>Invariances: orthogonal transforms and isotropic scaling of either side, translations; not
 * invertible linear maps. Defined for any number of neurons (no degeneracy when neurons exceed data
 * points). The debiased value can be slightly negative for unrelated representations.</p>
 */
final class Cka {

    private Cka() {
    }

    /**
     * What CKA needs from the centred activations: the squared Frobenius norms of the scatter blocks
     * {@code Xc^T Yc}, {@code Xc^T Xc}, {@code Yc^T Yc} and each data point's squared centred norm (null where
     * only plain CKA was asked for).
     */
    record Moments(int dataPoints, int neuronsX, int neuronsY, double crossSquared, double xSquared, double ySquared,
            double[] rowNormsX, double[] rowNormsY) {
    }

    static Moments moments(Covariances c) {
        return new Moments(c.m, c.nx, c.ny, squaredFrobenius(c.qxy), squaredFrobenius(c.qxx), squaredFrobenius(c.qyy),
                c.rowNormsX, c.rowNormsY);
    }

    static SimilarityResult compute(Moments c, boolean debiased, String xName, String yName) {
        double xy = c.crossSquared();
        double xx = c.xSquared();
        double yy = c.ySquared();
        if (xx == 0 || yy == 0) {
            throw new IllegalArgumentException("CKA is undefined: every neuron of " + (xx == 0 ? xName : yName)
                    + " is constant over the data points");
        }
        double value;
        if (!debiased) {
            value = xy / Math.sqrt(xx * yy);
        } else {
            int n = c.dataPoints();
            if (n < 4) {
                throw new IllegalArgumentException("debiased CKA needs at least 4 data points, got " + n);
            }
            double num = unbiased(xy, c.rowNormsX(), c.rowNormsY(), n);
            double nx = unbiased(xx, c.rowNormsX(), c.rowNormsX(), n);
            double ny = unbiased(yy, c.rowNormsY(), c.rowNormsY(), n);
            if (!(nx > 0) || !(ny > 0)) {
                throw new IllegalArgumentException("debiased CKA is undefined: the unbiased HSIC estimate of "
                        + (nx > 0 ? yName : xName) + " with itself is not positive (too few data points for the "
                        + "estimator); use more data points or the plain (biased) CKA");
            }
            value = num / Math.sqrt(nx * ny);
        }
        return new SimilarityResult(debiased ? SimilarityMeasure.CKA_DEBIASED : SimilarityMeasure.CKA, value, new double[0],
                new double[0], c.dataPoints(), c.neuronsX(), c.neuronsY(), c.neuronsX(), c.neuronsY(), Map.of(), List.of());
    }

    private static double unbiased(double crossSquared, double[] d, double[] e, int n) {
        double dot = 0;
        double sd = 0;
        double se = 0;
        for (int i = 0; i < d.length; i++) {
            dot += d[i] * e[i];
            sd += d[i];
            se += e[i];
        }
        return crossSquared - (double) n / (n - 2) * dot + sd * se / ((double) (n - 1) * (n - 2));
    }

    private static double squaredFrobenius(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }
}
