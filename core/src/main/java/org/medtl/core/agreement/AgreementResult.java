package org.medtl.core.agreement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prediction agreement of two models: over all matched samples pooled, per fold, and the mean and
 * standard deviation (n-1 denominator) of each scalar metric over folds.
 *
 * @param pooled   all matched samples together
 * @param perFold  one entry per fold, in order of first appearance; empty when the predictions carry no folds
 * @param foldMean mean over folds of each metric in {@link FoldAgreement#scalars()}; NaN when a fold lacks it
 * @param foldStd  standard deviation over folds (n-1 denominator; NaN for a single fold)
 * @param warnings warnings about the inputs and the aggregation
 */
public record AgreementResult(FoldAgreement pooled, List<FoldAgreement> perFold, Map<String, Double> foldMean,
        Map<String, Double> foldStd, List<String> warnings) {

    public AgreementResult {
        perFold = List.copyOf(perFold);
        foldMean = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(foldMean));
        foldStd = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(foldStd));
        warnings = List.copyOf(warnings);
    }

    /** The CLI's JSON object: the pooled metrics at top level, then {@code per_fold}, {@code fold_mean}, {@code fold_std}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(pooled.toMap());
        m.remove("warnings");
        if (!perFold.isEmpty()) {
            m.put("per_fold", perFold.stream().map(FoldAgreement::toMap).toList());
            m.put("fold_mean", foldMean);
            m.put("fold_std", foldStd);
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(pooled.warnings());
        for (FoldAgreement f : perFold) {
            for (String w : f.warnings()) {
                all.add("fold " + f.fold() + ": " + w);
            }
        }
        m.put("warnings", all);
        return m;
    }
}
