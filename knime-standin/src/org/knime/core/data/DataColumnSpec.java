package org.knime.core.data;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DataColumnSpec {

    private DataColumnSpec() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public String getName() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DataType getType() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DataColumnProperties getProperties() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
