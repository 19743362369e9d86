package org.knime.core.node;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class NodeLogger {

    private NodeLogger() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public static NodeLogger getLogger(final Class<?> c) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public static NodeLogger getLogger(final String s) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void debug(final Object o) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void info(final Object o) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void warn(final Object o) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void warn(final Object o, final Throwable t) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void error(final Object o) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void error(final Object o, final Throwable t) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
