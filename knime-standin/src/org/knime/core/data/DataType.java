package org.knime.core.data;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DataType {

    private DataType() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public static DataType getType(final Class<? extends DataCell> cell) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public static DataCell getMissingCell() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public boolean isCompatible(final Class<? extends DataValue> valueClass) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
