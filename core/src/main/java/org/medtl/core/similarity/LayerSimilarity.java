package org.medtl.core.similarity;

import java.util.List;

/**
 * One layer, one measure: the value of each repeat and their mean and standard deviation.
 *
 * @param layer        layer name
 * @param measure      measure
 * @param fold         fold of the activation sets (null when unknown, or "mean over folds" rows from
 *                     {@link ActivationComparison#overFolds})
 * @param mean         mean over repeats (or over folds)
 * @param std          standard deviation over repeats (or folds), n-1 denominator; NaN for one value
 * @param values       the value of each repeat (or each fold's mean)
 * @param dataPoints   data points per repeat
 * @param neuronsX     channels of A per repeat
 * @param neuronsY     channels of B per repeat
 * @param coefficients per repeat, the canonical correlations (CCA family; empty arrays for CKA)
 * @param warnings     warnings of all repeats, each once
 */
public record LayerSimilarity(String layer, SimilarityMeasure measure, String fold, double mean, double std, double[] values,
        int dataPoints, int neuronsX, int neuronsY, List<double[]> coefficients, List<String> warnings) {

    public LayerSimilarity {
        values = values.clone();
        coefficients = List.copyOf(coefficients);
        warnings = List.copyOf(warnings);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int repeats() {
        return values.length;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    static double std(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
