package org.knime.core.node;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class ExecutionMonitor {

    public ExecutionMonitor() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void checkCanceled() throws CanceledExecutionException {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setProgress(final double progress) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setProgress(final double progress, final String message) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setProgress(final String message) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setMessage(final String message) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public ExecutionMonitor createSubProgress(final double maxProg) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
