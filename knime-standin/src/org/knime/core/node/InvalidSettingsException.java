package org.knime.core.node;

/** Signature stand-in for KNIME 5.5 (bundle org.knime.core.util); see knime-standin/README.md. */
public class InvalidSettingsException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidSettingsException(final String s) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public InvalidSettingsException(final Throwable cause) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public InvalidSettingsException(final String msg, final Throwable cause) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
