package org.medtl.core.training;

/** Ends the run within one batch of a cancel request. */
final class CancellationCheck implements TrainingListener {

    private final Cancellation cancellation;

    CancellationCheck(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    @Override
    public void onBatchEnd(StageContext stage, int epoch, int batch) {
        check("in fold " + stage.fold() + ", " + stage.plan().name() + " epoch " + epoch + ", batch " + batch);
    }

    @Override
    public void onValidationBatch(StageContext stage, int epoch, int batch) {
        check("in fold " + stage.fold() + ", " + stage.plan().name() + " epoch " + epoch + ", validation batch " + batch);
    }

    void check(String where) {
        if (cancellation.isCancelled()) {
            throw new TrainingCancelledException(where);
        }
    }
}
