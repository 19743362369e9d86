package org.knime.core.data;

import java.io.Serializable;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class DataCell implements DataValue, Serializable {

    private static final long serialVersionUID = 1L;

    public final DataType getType() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public boolean isMissing() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public abstract String toString();
}
