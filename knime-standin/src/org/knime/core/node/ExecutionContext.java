package org.knime.core.node;

import java.io.IOException;

import org.knime.core.data.DataTableSpec;
import org.knime.core.data.filestore.FileStore;

/**
 * Signature stand-in for KNIME 5.5; see knime-standin/README.md. KNIME's public constructors take
 * framework-internal types (NodeProgressMonitor, Node) and are left out: nodes never construct one.
 */
public class ExecutionContext extends ExecutionMonitor {

    private ExecutionContext() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public FileStore createFileStore(final String relativePath) throws IOException {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public BufferedDataContainer createDataContainer(final DataTableSpec spec) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public ExecutionContext createSubExecutionContext(final double maxProg) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
