package org.knime.core.data.def;

import org.knime.core.data.DataCell;
import org.knime.core.data.DataType;
import org.knime.core.data.DoubleValue;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DoubleCell extends DataCell implements DoubleValue {

    private static final long serialVersionUID = 1L;

    public static final DataType TYPE = DataType.getType(DoubleCell.class);

    public DoubleCell(final double d) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public double getDoubleValue() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public String toString() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
