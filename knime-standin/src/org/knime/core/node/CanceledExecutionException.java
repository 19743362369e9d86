package org.knime.core.node;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class CanceledExecutionException extends Exception {

    private static final long serialVersionUID = 1L;

    public CanceledExecutionException() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public CanceledExecutionException(final String s) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
