package org.medtl.core.training;

import org.medtl.core.agreement.RocAuc;

/**
 * Area under the ROC curve as sklearn's {@code roc_auc_score} computes it (ties count one half), via
 * the Mann-Whitney U statistic with mid-ranks. Binary: score of class 1. Multi-class one-vs-rest:
 * {@code micro} pools every (image, class) pair of the one-hot labels (the study's final code),
 * {@code macro} averages per-class AUCs, {@code weighted} weights them by class prevalence (the study's v1).
 *
 * <p>Kept package-private here until the agreement capability's AUC is merged; the two must agree.</p>
 */
final class Auc {

    private Auc() {
    }

    /** AUC of the probabilities {@code p[i][c]} against labels; NaN when a needed class is absent. */
    static double of(float[][] p, int[] labels, int classes, String average) {
        if (classes == 2) {
            double[] score = new double[labels.length];
            boolean[] positive = new boolean[labels.length];
            for (int i = 0; i < labels.length; i++) {
                score[i] = p[i][1];
                positive[i] = labels[i] == 1;
            }
            return binary(score, positive);
        }
        switch (average) {
            case "micro": {
                int n = labels.length * classes;
                double[] score = new double[n];
                boolean[] positive = new boolean[n];
                for (int i = 0; i < labels.length; i++) {
                    for (int c = 0; c < classes; c++) {
                        score[i * classes + c] = p[i][c];
                        positive[i * classes + c] = labels[i] == c;
                    }
                }
                return binary(score, positive);
            }
            case "macro":
            case "weighted": {
                double sum = 0;
                double weightSum = 0;
                for (int c = 0; c < classes; c++) {
                    double[] score = new double[labels.length];
                    boolean[] positive = new boolean[labels.length];
                    int count = 0;
                    for (int i = 0; i < labels.length; i++) {
                        score[i] = p[i][c];
                        positive[i] = labels[i] == c;
                        count += positive[i] ? 1 : 0;
                    }
                    double w = average.equals("macro") ? 1 : count;
                    sum += w * binary(score, positive);
                    weightSum += w;
                }
                return sum / weightSum;
            }
            default:
                throw new IllegalArgumentException("AUC averaging '" + average + "' must be micro, macro or weighted.");
        }
    }

    /** Binary AUC; NaN if only one class is present. The one implementation lives with the agreement metrics. */
    static double binary(double[] score, boolean[] positive) {
        return RocAuc.auc(positive, score);
    }

    /** Fraction of images whose arg-max class is the label. */
    static double accuracy(float[][] p, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += argmax(p[i]) == labels[i] ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : right / (double) labels.length;
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }
}
