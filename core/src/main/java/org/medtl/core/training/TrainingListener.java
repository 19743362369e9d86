package org.medtl.core.training;

/**
 * Side concerns of the training loop (progress, cancellation, early stopping, history), in the manner
 * of DJL's {@code TrainingListener}: the loop calls them at fixed points and stays one readable loop.
 */
interface TrainingListener {

    /** Called before the first epoch of a stage. */
    default void onStageStart(StageContext stage) {
    }

    /** Called after every optimiser step. */
    default void onBatchEnd(StageContext stage, int epoch, int batch) {
    }

    /** Called after every validation batch (inference only; no progress is counted). */
    default void onValidationBatch(StageContext stage, int epoch, int batch) {
    }

    /** Called after validation at the end of every epoch. */
    default void onEpochEnd(StageContext stage, EpochRecord record) {
    }

    /** Called once the stage ended, by early stopping or the epoch limit. */
    default void onStageEnd(StageContext stage, int epochsRun) {
    }

    /** Asked after {@link #onEpochEnd}; true ends the stage. */
    default boolean stopRequested() {
        return false;
    }

    /**
     * What listeners may know about the running stage.
     *
     * @param fold    fold name
     * @param plan    the stage
     * @param batches training batches per epoch
     * @param network the network being trained
     */
    record StageContext(String fold, StagePlan plan, int batches, Network network) {
    }
}
