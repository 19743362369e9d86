package org.medtl.core.training;

/**
 * Turns batch events into {@link TrainingProgress}. The run's total is the number of training batches
 * if every stage of every fold ran to its epoch limit; a stage that stops early counts its skipped
 * epochs as done, so the fraction only moves forward and the ETA is an upper bound.
 */
final class ProgressReporter implements TrainingListener {

    private final ProgressListener listener;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long done;

    ProgressReporter(ProgressListener listener, long totalBatches) {
        this.listener = listener;
        this.total = Math.max(1, totalBatches);
    }

    @Override
    public void onBatchEnd(StageContext stage, int epoch, int batch) {
        done++;
        publish(stage.fold(), stage.plan().name(), epoch, batch, stage.batches());
    }

    @Override
    public void onStageEnd(StageContext stage, int epochsRun) {
        done += (long) (stage.plan().maxEpochs() - epochsRun) * stage.batches();
    }

    /** Reports that the fold waits for another execution's training ({@link TrainingLock}). */
    void waiting(String fold) {
        publish(fold, TrainingProgress.WAITING, 0, 0, 0);
    }

    /** Reports a prediction batch without advancing the training count. */
    void predicting(String fold, int batch, int batches) {
        publish(fold, "predict", 0, batch, batches);
    }

    private void publish(String fold, String stage, int epoch, int batch, int batches) {
        double fraction = Math.min(1, done / (double) total);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed / done * (total - done);
        listener.onProgress(new TrainingProgress(fraction, fold, stage, epoch, batch, batches, eta));
    }
}
