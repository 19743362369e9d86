package org.knime.core.data.container;

import java.io.Closeable;

import org.knime.core.data.RowIterator;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class CloseableRowIterator extends RowIterator implements Closeable {

    @Override
    public abstract void close();
}
