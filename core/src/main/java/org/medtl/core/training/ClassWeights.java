package org.medtl.core.training;

import java.util.Arrays;
import java.util.Locale;

/** Per-class loss weights: none, balanced (as sklearn's {@code compute_class_weight('balanced')}) or explicit. */
final class ClassWeights {

    private ClassWeights() {
    }

    /** Validates the setting text; returns explicit weights or null for none/balanced. */
    static double[] parse(String text) {
        String t = text == null ? "none" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none") || t.equals("balanced") || t.isEmpty()) {
            return null;
        }
        try {
            double[] w = Arrays.stream(t.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
            for (double v : w) {
                if (!(v > 0) || !Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
            }
            return w;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting 'class-weights': '" + text
                    + "' must be none, balanced or positive numbers separated by commas (one per class).");
        }
    }

    /**
     * Weights for {@code classes} classes given the training labels.
     * Balanced: n / (C * n_c), so that every class contributes the same total weight.
     */
    static float[] resolve(String text, int classes, int[] trainLabels) {
        float[] w = new float[classes];
        double[] explicit = parse(text);
        String t = text == null ? "none" : text.trim().toLowerCase(Locale.ROOT);
        if (explicit != null) {
            if (explicit.length != classes) {
                throw new IllegalArgumentException("Setting 'class-weights': " + explicit.length + " weights given but the manifest has "
                        + classes + " classes; give one weight per class.");
            }
            for (int c = 0; c < classes; c++) {
                w[c] = (float) explicit[c];
            }
        } else if (t.equals("balanced")) {
            int[] counts = new int[classes];
            for (int label : trainLabels) {
                counts[label]++;
            }
            for (int c = 0; c < classes; c++) {
                if (counts[c] == 0) {
                    throw new IllegalArgumentException("Setting 'class-weights' = balanced: class " + c
                            + " has no training image in this fold; use explicit weights or none.");
                }
                w[c] = (float) (trainLabels.length / ((double) classes * counts[c]));
            }
        } else {
            Arrays.fill(w, 1f);
        }
        return w;
    }
}
