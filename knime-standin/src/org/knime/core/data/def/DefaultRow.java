package org.knime.core.data.def;

import java.util.Iterator;
import java.util.List;

import org.knime.core.data.DataCell;
import org.knime.core.data.DataRow;
import org.knime.core.data.RowKey;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class DefaultRow implements DataRow {

    public DefaultRow(final RowKey rowKey, final DataCell... row) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DefaultRow(final String rowId, final DataCell... row) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DefaultRow(final String rowId, final List<DataCell> row) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DefaultRow(final RowKey rowKey, final List<DataCell> row) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public final int getNumCells() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public final RowKey getKey() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public final DataCell getCell(final int index) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public Iterator<DataCell> iterator() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
