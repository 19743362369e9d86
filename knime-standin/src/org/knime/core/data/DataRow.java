package org.knime.core.data;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public interface DataRow extends Iterable<DataCell> {

    int getNumCells();

    RowKey getKey();

    DataCell getCell(final int index);
}
