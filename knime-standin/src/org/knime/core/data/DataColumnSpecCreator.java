package org.knime.core.data;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DataColumnSpecCreator {

    public DataColumnSpecCreator(final String name, final DataType type) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setProperties(final DataColumnProperties props) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DataColumnSpec createSpec() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
