package org.knime.core.data.filestore;

import java.io.IOException;
import java.util.List;

import org.knime.core.node.port.PortObject;

/**
 * Signature stand-in for KNIME 5.5; see knime-standin/README.md. KNIME's class also implements a
 * framework-internal flush callback, left out here.
 */
public abstract class FileStorePortObject implements PortObject {

    protected FileStorePortObject(final List<FileStore> fileStores) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected FileStorePortObject() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected void postConstruct() throws IOException {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected void flushToFileStore() throws IOException {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected int getFileStoreCount() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected FileStore getFileStore(final int index) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
