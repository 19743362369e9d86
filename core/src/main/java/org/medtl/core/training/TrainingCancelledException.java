package org.medtl.core.training;

/** Thrown when a {@link Cancellation} asked to stop; no output of the run has been published. */
public final class TrainingCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingCancelledException(String where) {
        super("Fine-tuning was cancelled " + where + "; no output was written.");
    }
}
