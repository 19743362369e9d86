package org.medtl.core.similarity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SVCCA: Raghu, Gilmer, Yosinski, Sohl-Dickstein, "SVCCA: Singular Vector Canonical Correlation Analysis
 * for Deep Learning Dynamics and Interpretability", NeurIPS 2017 (arXiv 1706.05806).
 *
 * <p>Per side, the centred activations are reduced to their leading singular directions (the fewest whose
 * squared singular values reach the variance fraction, default 0.99, or a fixed number), then mean CCA
 * (google/svcca semantics, see {@link Cca}) is taken between the reduced activations {@code s_k V_k}, as
 * in google/svcca's tutorial. The singular directions come from the eigen-decomposition of the covariance
 * (same directions, squared singular values proportional to its eigenvalues), so the data are read once.</p>
 *
 * <p>Invariances: orthogonal transforms and isotropic scaling of either side, translations. Unlike CCA
 * it is not invariant to every invertible linear map: the SVD step depends on the scale of each direction.</p>
 */
final class Svcca {

    private Svcca() {
    }

    static SimilarityResult compute(Covariances c, MeasureSettings s, String xName, String yName) {
        List<String> warnings = new ArrayList<>();
        Reduced rx = reduce(c.qxx, c.nx, c.m, s, xName);
        Reduced ry = reduce(c.qyy, c.ny, c.m, s, yName);
        // Cross-covariance of the reduced activations: Ux_k^T Qxy Uy_k.
        double[] t = Linalg.multiply(rx.directions, true, c.qxy, false, rx.k, c.nx, c.ny);
        double[] cross = Linalg.multiply(t, false, ry.directions, false, rx.k, c.ny, ry.k);
        CcaCore.Solution sol = CcaCore.solve(diagonal(rx.variances), rx.k, cross, diagonal(ry.variances), ry.k, s.epsilon(), false,
                warnings, xName + " (SVD-reduced)", yName + " (SVD-reduced)");
        double[] rho = sol.s();
        return new SimilarityResult(SimilarityMeasure.SVCCA, CcaCore.mean(rho, rho.length), rho, new double[0], c.m, c.nx, c.ny,
                sol.keptX().length, sol.keptY().length, Cca.summaries(rho), warnings);
    }

    /** Leading directions (column-major n x k) and their variances (descending). */
    private record Reduced(double[] directions, double[] variances, int k) {
    }

    private static Reduced reduce(double[] q, int n, int m, MeasureSettings s, String name) {
        Linalg.Eigen e = Linalg.symmetricEigen(q, n);
        double[] w = e.values();
        double total = 0;
        for (double v : w) {
            total += Math.max(v, 0);
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("every neuron of " + name + " is constant over the data points: SVCCA has no "
                    + "direction to keep");
        }
        int k;
        if (s.directions() > 0) {
            k = s.directions();
            int limit = Math.min(n, m - 1);
            if (k > limit) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "SVCCA: %d directions requested but %s has only %d "
                        + "(min of %d neurons and %d data points - 1); lower --directions", k, name, limit, n, m));
            }
        } else {
            double partial = 0;
            k = 0;
            // Eigenvalues come ascending: walk from the largest.
            for (int i = n - 1; i >= 0; i--) {
                partial += Math.max(w[i], 0);
                k++;
                if (partial / total >= s.varianceFraction()) {
                    break;
                }
            }
        }
        if (k >= m) {
            throw new IllegalArgumentException("SVCCA: " + k + " directions of " + name + " for " + m
                    + " data points; CCA needs fewer directions than data points");
        }
        double[] dirs = new double[n * k];
        double[] vars = new double[k];
        for (int j = 0; j < k; j++) {
            int src = n - 1 - j;
            System.arraycopy(e.vectors(), src * n, dirs, j * n, n);
            vars[j] = Math.max(w[src], 0);
        }
        return new Reduced(dirs, vars, k);
    }

    private static double[] diagonal(double[] v) {
        int k = v.length;
        double[] d = new double[k * k];
        for (int i = 0; i < k; i++) {
            d[i + i * k] = v[i];
        }
        return d;
    }
}
