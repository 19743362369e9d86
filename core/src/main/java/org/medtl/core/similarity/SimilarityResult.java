package org.medtl.core.similarity;

import java.util.List;
import java.util.Map;

/**
 * One similarity value between two activation matrices.
 *
 * @param measure      the measure
 * @param value        the similarity (1 = identical up to the measure's invariances)
 * @param coefficients canonical correlations in descending order (CCA, SVCCA, PWCCA); empty for CKA
 * @param weights      PWCCA's projection weights, in the order of {@code coefficients} (sum 1); empty otherwise
 * @param dataPoints   number of data points (rows) used
 * @param neuronsX     neurons (columns) of X given
 * @param neuronsY     neurons of Y given
 * @param keptX        neurons (CCA, PWCCA) or SVD directions (SVCCA) of X that entered the final CCA; all neurons for CKA
 * @param keptY        the same for Y
 * @param summaries    further named values: for CCA-family measures {@code mean_98_mass}, google/svcca's own
 *                     {@code mean} (the mean of the leading coefficients that hold 98 % of their sum) and
 *                     {@code sum}; for PWCCA also {@code mean_cca}
 * @param warnings     what was dropped, regularised or ambiguous, in words for the user
 */
public record SimilarityResult(SimilarityMeasure measure, double value, double[] coefficients, double[] weights, int dataPoints,
        int neuronsX, int neuronsY, int keptX, int keptY, Map<String, Double> summaries, List<String> warnings) {

    public SimilarityResult {
        coefficients = coefficients.clone();
        weights = weights.clone();
        summaries = Map.copyOf(summaries);
        warnings = List.copyOf(warnings);
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }
}
