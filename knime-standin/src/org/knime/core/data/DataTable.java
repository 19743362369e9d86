package org.knime.core.data;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public interface DataTable extends Iterable<DataRow> {

    DataTableSpec getDataTableSpec();

    @Override
    RowIterator iterator();
}
