package org.knime.core.data.def;

import org.knime.core.data.DataCell;
import org.knime.core.data.DataType;
import org.knime.core.data.DoubleValue;
import org.knime.core.data.LongValue;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class LongCell extends DataCell implements LongValue, DoubleValue {

    private static final long serialVersionUID = 1L;

    public static final DataType TYPE = DataType.getType(LongCell.class);

    public LongCell(final long l) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public long getLongValue() {
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
