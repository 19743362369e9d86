package org.medtl.core.training;

/**
 * Asked once per batch whether the user cancelled. The KNIME node adapts this to
 * {@code ExecutionMonitor.checkCanceled()}; cancelling ends the run within about one batch with a
 * {@link TrainingCancelledException} and publishes nothing.
 */
@FunctionalInterface
public interface Cancellation {

    /** Never cancels. */
    Cancellation NEVER = () -> false;

    boolean isCancelled();
}
