package org.knime.core.data;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class RowKey {

    public RowKey(final String id) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public String getString() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public static RowKey createRowKey(final long rowIndex) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
