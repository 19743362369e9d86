package org.medtl.core.training;

/**
 * Where a fine-tuning run is.
 *
 * @param fraction   overall progress in [0, 1], assuming every stage runs to its epoch limit
 *                   (early stopping only makes the run finish sooner)
 * @param fold       fold name, e.g. {@code 1}; empty for a run-wide note (the decoded-image cache), whose
 *                   text is {@code stage}
 * @param stage      {@code head} (stage 1 of freeze-then-finetune), {@code finetune}, {@code predict}, or
 *                   {@value #WAITING} before a fold's training while another execution trains
 * @param epoch      1-based epoch within the stage (0 while predicting)
 * @param batch      1-based batch within the epoch
 * @param batches    batches per epoch
 * @param etaSeconds estimated seconds left at the epoch limit, or NaN before the first batch
 */
public record TrainingProgress(double fraction, String fold, String stage, int epoch, int batch, int batches,
        double etaSeconds) {

    /** {@link #stage} while the fold waits for another fine-tuning in this process to finish its fold. */
    public static final String WAITING = TrainingLock.WAITING;

    /** A one-line message for progress bars, e.g. {@code fold 2, finetune, epoch 3, batch 5/40, ETA 12 min}. */
    public String message() {
        if (fold.isEmpty()) {
            return stage;
        }
        StringBuilder sb = new StringBuilder("fold ").append(fold).append(", ").append(stage);
        if (stage.equals(WAITING)) {
            return sb.toString();
        }
        if (epoch > 0) {
            sb.append(", epoch ").append(epoch);
        }
        sb.append(", batch ").append(batch).append('/').append(batches);
        if (Double.isFinite(etaSeconds)) {
            sb.append(", ETA ").append(formatSeconds(etaSeconds)).append(" at most");
        }
        return sb.toString();
    }

    /** A run-wide note (e.g. the decoded-image cache being built), shown as its text. */
    static TrainingProgress note(double fraction, String text) {
        return new TrainingProgress(0, "", text, 0, 0, 0, Double.NaN);
    }

    static String formatSeconds(double s) {
        if (s < 90) {
            return Math.round(s) + " s";
        }
        if (s < 5400) {
            return Math.round(s / 60) + " min";
        }
        return String.format(java.util.Locale.ROOT, "%.1f h", s / 3600);
    }
}
