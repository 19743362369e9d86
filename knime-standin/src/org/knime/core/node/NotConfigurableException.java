package org.knime.core.node;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class NotConfigurableException extends Exception {

    private static final long serialVersionUID = 1L;

    public NotConfigurableException(final String message) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public NotConfigurableException(final String message, final Throwable cause) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
