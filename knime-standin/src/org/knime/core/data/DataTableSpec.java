package org.knime.core.data;

import javax.swing.JComponent;

import org.knime.core.node.port.PortObjectSpec;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DataTableSpec implements PortObjectSpec {

    public DataTableSpec(final DataColumnSpec... colSpecs) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DataTableSpec(final String name, final DataColumnSpec... colSpecs) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public boolean containsName(final String columnName) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public int findColumnIndex(final String columnName) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public final String[] getColumnNames() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DataColumnSpec getColumnSpec(final int index) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DataColumnSpec getColumnSpec(final String column) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public int getNumColumns() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public JComponent[] getViews() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
