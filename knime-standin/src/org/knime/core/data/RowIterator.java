package org.knime.core.data;

import java.util.Iterator;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class RowIterator implements Iterator<DataRow> {

    @Override
    public abstract boolean hasNext();

    @Override
    public abstract DataRow next();
}
