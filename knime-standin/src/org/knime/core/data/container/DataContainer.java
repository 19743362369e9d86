package org.knime.core.data.container;

import org.knime.core.data.DataRow;
import org.knime.core.data.DataTable;
import org.knime.core.data.DataTableSpec;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class DataContainer {

    public DataContainer(final DataTableSpec spec) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void addRowToTable(final DataRow row) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DataTable getTable() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void close() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
