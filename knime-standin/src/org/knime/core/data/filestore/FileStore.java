package org.knime.core.data.filestore;

import java.io.File;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class FileStore {

    private FileStore() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public File getFile() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
