package org.medtl.core.study;

/** Progress of a headless run, shown on the console. */
public interface RunProgress {

    /** Reports progress of the current node: {@code fraction} in [0, 1] or negative when unknown. */
    void progress(double fraction, String message);

    /** Throws when the user asked to stop; checked at least once per batch. */
    default void checkCanceled() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("run canceled");
        }
    }
}
