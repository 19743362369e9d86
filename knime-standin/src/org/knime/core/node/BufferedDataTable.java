package org.knime.core.node;

import javax.swing.JComponent;

import org.knime.core.data.DataTable;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.container.CloseableRowIterator;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortType;
import org.knime.core.node.port.PortTypeRegistry;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class BufferedDataTable implements DataTable, PortObject {

    public static final PortType TYPE = PortTypeRegistry.getInstance().getPortType(BufferedDataTable.class);

    public static final PortType TYPE_OPTIONAL =
        PortTypeRegistry.getInstance().getPortType(BufferedDataTable.class, true);

    private BufferedDataTable() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public DataTableSpec getDataTableSpec() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public DataTableSpec getSpec() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public CloseableRowIterator iterator() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public long size() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public String getSummary() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public JComponent[] getViews() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
