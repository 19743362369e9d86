package org.medtl.core.similarity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projection-weighted CCA: Morcos, Raghu, Bengio, "Insights on representational similarity in neural
 * networks with canonical correlation", NeurIPS 2018 (arXiv 1806.05759).
 *
 * <p>Follows google/svcca {@code pwcca.compute_pwcca}: CCA as in {@link Cca}; on the side with fewer kept
 * neurons, directions {@code d_i = coef_i^T (a - mean)} from the singular vectors {@code coef_i} of the
 * whitened cross-covariance, orthonormalised in order (QR), weights {@code alpha_i = sum_j |<p_i, a_j>|}
 * over that side's kept neurons {@code a_j}, normalised to sum 1; the value is {@code sum_i alpha_i rho_i}.
 * Like the reference, the directions are not whitened by {@code Sxx^-1/2}.</p>
 *
 * <p>Deliberate differences from the reference, both where its code is not well defined: (1) the reference
 * adds each neuron's mean back to direction i ({@code + neuron_means1}); since singular vectors have an
 * arbitrary sign, that offset makes its result depend on the sign LAPACK happens to return (measured: 0.573
 * vs 0.555 on the same input with flipped signs). Without the offset the value is sign-independent, and on
 * centred activations both agree exactly (that is what the tests check). (2) When Y has fewer kept neurons,
 * the reference projects X's activations ({@code acts1[y_idxs]}) on Y's directions, mixing the two networks
 * or failing on shapes; here Y's own activations are used, the mirror image of the X branch. The
 * orthonormalisation goes through the Cholesky factor of the directions' Gram matrix, computed from the
 * covariance instead of a QR of the data (the same basis up to signs, which the absolute value removes).</p>
 *
 * <p>Invariances: isotropic scaling, translations, and permutations and sign flips of the neurons. Unlike CCA
 * and CKA it is NOT invariant to orthogonal transforms or other invertible maps: the weights sum absolute
 * projections over the neuron basis {@code a_j}.</p>
 */
final class Pwcca {

    private Pwcca() {
    }

    static SimilarityResult compute(Covariances c, MeasureSettings s, String xName, String yName) {
        Cca.requireFewerNeuronsThanDataPoints(c, xName, yName, "PWCCA");
        List<String> warnings = new ArrayList<>();
        CcaCore.Solution sol = CcaCore.solve(c.qxx, c.nx, c.qxy, c.qyy, c.ny, s.epsilon(), true, warnings, xName, yName);
        double[] rho = sol.s();
        int r = rho.length;
        boolean useX = sol.keptX().length <= sol.keptY().length;
        int[] kept = useX ? sol.keptX() : sol.keptY();
        int n = useX ? c.nx : c.ny;
        double[] q = useX ? c.qxx : c.qyy;
        // Directions as columns (kept x r): u for X, vt^T for Y.
        double[] coef;
        if (useX) {
            coef = sol.u();
        } else {
            coef = new double[kept.length * r];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < kept.length; j++) {
                    coef[j + i * kept.length] = sol.vt()[i + j * r];
                }
            }
        }
        int k = kept.length;
        double[] qk = new double[k * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                qk[i + j * k] = q[kept[i] + kept[j] * n];
            }
        }
        // Directions D = coef^T Ac with centred activations Ac (k x m); then D A^T = coef^T Q and D D^T = coef^T Q coef,
        // whether or not A is centred, because D's rows are orthogonal to the constant vector.
        double[] dA = Linalg.multiply(coef, true, qk, false, r, k, k);
        double[] dD = Linalg.multiply(dA, false, coef, false, r, k, r);
        double[] chol = Linalg.cholesky(dD, r);
        if (chol == null) {
            throw new IllegalArgumentException("PWCCA: the projection directions of " + (useX ? xName : yName)
                    + " are linearly dependent, so their orthonormalisation is undefined (duplicated neurons?). Use CCA or "
                    + "raise epsilon to drop near-constant neurons.");
        }
        Linalg.solveUpperTransposed(chol, r, dA, k);
        double[] weights = new double[r];
        double total = 0;
        for (int i = 0; i < r; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.abs(dA[i + j * r]);
            }
            weights[i] = sum;
            total += sum;
        }
        double value = 0;
        for (int i = 0; i < r; i++) {
            weights[i] /= total;
            value += weights[i] * rho[i];
        }
        Map<String, Double> summaries = new LinkedHashMap<>(Cca.summaries(rho));
        summaries.put("mean_cca", CcaCore.mean(rho, r));
        if (!useX) {
            warnings.add(yName + " has fewer kept neurons than " + xName + ": weights computed on " + yName
                    + " (google/svcca's compute_pwcca has a bug on this branch; see docs/similarity.md)");
        }
        return new SimilarityResult(SimilarityMeasure.PWCCA, value, rho, weights, c.m, c.nx, c.ny, sol.keptX().length,
                sol.keptY().length, summaries, warnings);
    }
}
