package org.knime.core.node;

import org.knime.core.data.container.DataContainer;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class BufferedDataContainer extends DataContainer {

    private BufferedDataContainer() {
        super(null);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public BufferedDataTable getTable() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
