package org.medtl.core.training;

/**
 * One row of the history table.
 *
 * @param fold        fold name
 * @param stage       {@code head} or {@code finetune}
 * @param epoch       1-based epoch within the stage
 * @param trainLoss   mean (class-weighted) cross-entropy over the epoch's training batches, dropout on
 * @param valLoss     mean unweighted cross-entropy on the validation split, inference mode
 * @param valAuc      validation AUC (averaging as in the settings for more than two classes)
 * @param valAccuracy validation accuracy (arg-max)
 * @param learningRate learning rate of the epoch
 * @param seconds     wall time of the epoch including validation
 * @param device      device(s) that ran the epoch, e.g. {@code cpu()} or {@code gpu(0)+gpu(1)}
 */
public record EpochRecord(String fold, String stage, int epoch, double trainLoss, double valLoss, double valAuc,
        double valAccuracy, double learningRate, double seconds, String device) {

    double value(FineTuneSettings.Monitor monitor) {
        return switch (monitor) {
            case VAL_LOSS -> valLoss;
            case VAL_AUC -> valAuc;
            case VAL_ACCURACY -> valAccuracy;
        };
    }
}
