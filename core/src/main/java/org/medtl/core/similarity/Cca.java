package org.medtl.core.similarity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean canonical correlation, as google/svcca {@code cca_core.get_cca_similarity} computes it and as the
 * study used it: the value is the mean of ALL canonical correlations ({@code np.mean(result["cca_coef1"])}).
 * google/svcca's own summary {@code result["mean"][0]}, the mean of the leading coefficients that hold 98 %
 * of their sum, is reported as {@code mean_98_mass}.
 *
 * <p>Reference: Hotelling, "Relations between two sets of variates", Biometrika 1936; as used for
 * networks by Raghu et al., "SVCCA", NeurIPS 2017 (arXiv 1706.05806).</p>
 *
 * <p>Invariances: any invertible linear map of the neurons of either side (hence orthogonal transforms and
 * isotropic scaling) and translations, up to the epsilon regularisation. Not defined when a side has at least
 * as many neurons as data points: the covariance is then singular and every canonical correlation tends to 1
 * whatever the networks (google/svcca asserts fewer neurons than data points; so does this class).</p>
 */
final class Cca {

    private Cca() {
    }

    static SimilarityResult compute(Covariances c, MeasureSettings s, String xName, String yName) {
        requireFewerNeuronsThanDataPoints(c, xName, yName, "CCA");
        List<String> warnings = new ArrayList<>();
        CcaCore.Solution sol = CcaCore.solve(c.qxx, c.nx, c.qxy, c.qyy, c.ny, s.epsilon(), false, warnings, xName, yName);
        double[] rho = sol.s();
        return new SimilarityResult(SimilarityMeasure.CCA, CcaCore.mean(rho, rho.length), rho, new double[0], c.m, c.nx, c.ny,
                sol.keptX().length, sol.keptY().length, summaries(rho), warnings);
    }

    static Map<String, Double> summaries(double[] rho) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("mean_98_mass", CcaCore.mean(rho, CcaCore.sumThreshold(rho, 0.98)));
        double sum = 0;
        for (double r : rho) {
            sum += r;
        }
        out.put("sum", sum);
        return out;
    }

    static void requireFewerNeuronsThanDataPoints(Covariances c, String xName, String yName, String what) {
        if (c.nx >= c.m || c.ny >= c.m) {
            String side = c.nx >= c.m ? xName + " has " + c.nx : yName + " has " + c.ny;
            throw new IllegalArgumentException(what + " needs fewer neurons than data points, but " + side + " neurons for " + c.m
                    + " data points. CCA then degenerates: the covariance is singular and every canonical correlation tends "
                    + "to 1 whatever the networks. Use more data points (positions), fewer channels, SVCCA (which first reduces "
                    + "to the directions the data span) or CKA.");
        }
    }
}
