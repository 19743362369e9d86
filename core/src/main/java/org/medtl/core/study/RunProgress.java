package org.medtl.core.study;

/**
 * Progress of a headless run, shown on the console. Nodes execute concurrently: the runner calls
 * {@link #progress} from one thread at a time (so lines never interleave), while {@link #checkCanceled} may be
 * called from several node threads at once and must be thread-safe.
 */
public interface RunProgress {

    /** Reports progress: {@code fraction} in [0, 1] or negative when unknown; the message names the node. */
    void progress(double fraction, String message);

    /**
     * Throws when the user asked to stop; nodes check at least once per batch. The default stops when the
     * checking thread is interrupted (the runner interrupts every node thread when the run is canceled).
     */
    default void checkCanceled() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("run canceled");
        }
    }
}
