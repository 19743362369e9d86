package org.medtl.core.training;

/**
 * Stops a stage after {@code patience} epochs without improvement of the monitored quantity and,
 * with restore-best, puts back the weights of the best epoch when the stage ends (whether it stopped
 * early or reached its epoch limit), as the study restores its best checkpoint. Improvement is strict
 * (Keras {@code min_delta = 0}); a NaN value never improves.
 */
final class EarlyStopping implements TrainingListener {

    private final boolean restoreBest;
    private double best;
    private int bestEpoch;
    private int sinceBest;
    private boolean stop;
    private ParameterSnapshot bestWeights;

    EarlyStopping(boolean restoreBest) {
        this.restoreBest = restoreBest;
    }

    @Override
    public void onStageStart(StageContext stage) {
        best = Double.NaN;
        bestEpoch = 0;
        sinceBest = 0;
        stop = false;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(StageContext stage, EpochRecord record) {
        double v = record.value(stage.plan().monitor());
        boolean higher = stage.plan().monitor().higherIsBetter();
        boolean improved = !Double.isNaN(v) && (Double.isNaN(best) || (higher ? v > best : v < best));
        if (improved) {
            best = v;
            bestEpoch = record.epoch();
            sinceBest = 0;
            if (restoreBest) {
                bestWeights = ParameterSnapshot.of(stage.network());
            }
        } else {
            sinceBest++;
        }
        stop = stage.plan().patience() > 0 && sinceBest >= stage.plan().patience();
    }

    @Override
    public boolean stopRequested() {
        return stop;
    }

    @Override
    public void onStageEnd(StageContext stage, int epochsRun) {
        if (restoreBest && bestWeights != null && bestEpoch != epochsRun) {
            bestWeights.restore(stage.network());
        }
        bestWeights = null;
    }

    /** Epoch (1-based) whose weights the network holds after the stage when restoring; 0 before any epoch. */
    int bestEpoch() {
        return bestEpoch;
    }
}
