package org.medtl.core.training;

import java.nio.file.Path;
import java.util.List;

/**
 * What a fine-tuning run produced; the same rows are in the output folder's CSV files.
 *
 * @param output      the published output folder
 * @param classes     class names in probability-column order
 * @param device      devices that trained, e.g. {@code cpu()}
 * @param aucAverage  how AUC was computed: {@code binary} or the multi-class averaging
 * @param folds       per fold: metrics and the model folder
 * @param history     one row per fold, stage and epoch
 * @param predictions one row per test image of every fold
 * @param warnings    data warnings found before training (e.g. a class missing from a val split); also in
 *                    {@value #WARNINGS} when there are any
 */
public record FineTuneResult(Path output, List<String> classes, String device, String aucAverage, List<FoldResult> folds,
        List<EpochRecord> history, List<Prediction> predictions, List<String> warnings) {

    public FineTuneResult {
        warnings = List.copyOf(warnings);
    }

    /** Output files inside {@link #output}. */
    public static final String PREDICTIONS = "predictions.csv";
    public static final String HISTORY = "history.csv";
    public static final String METRICS = "metrics.csv";
    public static final String MODELS = "models";
    /** One warning a line; written only when there are warnings. */
    public static final String WARNINGS = "warnings.txt";

    /**
     * @param fold        fold name (the manifest's fold column number)
     * @param auc         test AUC
     * @param accuracy    test accuracy
     * @param testImages  test images
     * @param bestEpochs  per stage, the epoch whose weights the model holds
     * @param modelId     model id used in the predictions ({@code <run>/fold_<n>})
     * @param modelFolder the fold's model folder
     */
    public record FoldResult(String fold, double auc, double accuracy, int testImages, List<Integer> bestEpochs,
            String modelId, Path modelFolder) {
    }

    /**
     * One row of the predictions table.
     *
     * @param id            sample id from the manifest
     * @param fold          fold name
     * @param label         label index
     * @param probabilities one probability per class
     * @param predicted     arg-max class
     * @param modelId       model that predicted
     */
    public record Prediction(String id, String fold, int label, float[] probabilities, int predicted, String modelId) {
    }

    public double meanAuc() {
        return folds.stream().mapToDouble(FoldResult::auc).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1) of the fold AUCs; NaN for one fold. */
    public double stdAuc() {
        int n = folds.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mean = meanAuc();
        double ss = folds.stream().mapToDouble(f -> (f.auc() - mean) * (f.auc() - mean)).sum();
        return Math.sqrt(ss / (n - 1));
    }
}
