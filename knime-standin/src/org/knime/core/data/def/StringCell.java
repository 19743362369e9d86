package org.knime.core.data.def;

import org.knime.core.data.DataCell;
import org.knime.core.data.DataType;
import org.knime.core.data.StringValue;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class StringCell extends DataCell implements StringValue {

    private static final long serialVersionUID = 1L;

    public static final DataType TYPE = DataType.getType(StringCell.class);

    public StringCell(final String str) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public String getStringValue() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public String toString() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
