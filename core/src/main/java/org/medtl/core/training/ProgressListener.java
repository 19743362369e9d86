package org.medtl.core.training;

/**
 * Receives progress once per training or prediction batch. The KNIME node adapts this to
 * {@code ExecutionMonitor.setProgress(fraction, message)}; the CLI prints a line now and then.
 * Called on the thread that runs the training.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores progress. */
    ProgressListener NONE = p -> {
    };

    void onProgress(TrainingProgress progress);
}
