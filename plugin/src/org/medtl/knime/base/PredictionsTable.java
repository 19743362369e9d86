package org.medtl.knime.base;

import java.util.ArrayList;
import java.util.List;

import org.knime.core.data.DataCell;
import org.knime.core.data.DataColumnSpec;
import org.knime.core.data.DataColumnSpecCreator;
import org.knime.core.data.DataRow;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.DoubleValue;
import org.knime.core.data.IntValue;
import org.knime.core.data.StringValue;
import org.knime.core.data.def.DoubleCell;
import org.knime.core.data.def.IntCell;
import org.knime.core.data.def.StringCell;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.InvalidSettingsException;
import org.medtl.core.agreement.Predictions;

/**
 * The predictions interchange (docs/CONVENTIONS.md: {@code id,fold,label,p_0,...,p_{C-1}}, label = class index) as a
 * KNIME table: the GPU Fine-Tuner writes it, the Prediction Agreement node reads two of them.
 */
public final class PredictionsTable {

    private PredictionsTable() {
    }

    /** The table spec for {@code classes} classes. */
    public static DataTableSpec spec(int classes) {
        List<DataColumnSpec> columns = new ArrayList<>();
        columns.add(new DataColumnSpecCreator("id", StringCell.TYPE).createSpec());
        columns.add(new DataColumnSpecCreator("fold", StringCell.TYPE).createSpec());
        columns.add(new DataColumnSpecCreator("label", IntCell.TYPE).createSpec());
        for (int k = 0; k < classes; k++) {
            columns.add(new DataColumnSpecCreator("p_" + k, DoubleCell.TYPE).createSpec());
        }
        return new DataTableSpec("Predictions", columns.toArray(new DataColumnSpec[0]));
    }

    /** Checks in {@code configure} that an input table is a predictions table. */
    public static void checkSpec(DataTableSpec spec, String port) throws InvalidSettingsException {
        if (spec == null) {
            // The upstream node knows its columns only after executing; check again in execute.
            return;
        }
        for (String required : List.of("id", "label", "p_0", "p_1")) {
            if (!spec.containsName(required)) {
                throw new InvalidSettingsException("The table at " + port + " has no '" + required + "' column. Connect "
                    + "the Predictions output of the GPU Fine-Tuner (columns id, fold, label, p_0, ..., p_(C-1)).");
            }
        }
    }

    /** Reads a predictions table; errors name the port, row and column. */
    public static Predictions fromTable(BufferedDataTable table, String port) throws InvalidSettingsException {
        DataTableSpec spec = table.getDataTableSpec();
        checkSpec(spec, port);
        int classes = 0;
        while (spec.containsName("p_" + classes)) {
            classes++;
        }
        int id = spec.findColumnIndex("id");
        int fold = spec.findColumnIndex("fold");
        int label = spec.findColumnIndex("label");
        int[] p = new int[classes];
        for (int k = 0; k < classes; k++) {
            p[k] = spec.findColumnIndex("p_" + k);
        }
        List<Predictions.Row> rows = new ArrayList<>();
        for (DataRow row : table) {
            String where = "Row '" + row.getKey().getString() + "' of the table at " + port;
            DataCell idCell = cell(row, id, "id", where);
            String sampleId = idCell instanceof StringValue v ? v.getStringValue() : idCell.toString();
            String foldName = null;
            if (fold >= 0) {
                DataCell f = cell(row, fold, "fold", where);
                foldName = f instanceof StringValue v ? v.getStringValue() : f.toString();
            }
            DataCell labelCell = cell(row, label, "label", where);
            if (!(labelCell instanceof IntValue labelValue)) {
                throw new InvalidSettingsException(where + ": 'label' must be the class index (a whole number), got '"
                    + labelCell + "'.");
            }
            int labelIndex = labelValue.getIntValue();
            if (labelIndex < 0 || labelIndex >= classes) {
                throw new InvalidSettingsException(where + ": label " + labelIndex + " is outside 0.." + (classes - 1)
                    + " (the table has columns p_0..p_" + (classes - 1) + ").");
            }
            double[] probabilities = new double[classes];
            for (int k = 0; k < classes; k++) {
                DataCell c = cell(row, p[k], "p_" + k, where);
                if (!(c instanceof DoubleValue d) || !Double.isFinite(d.getDoubleValue())) {
                    throw new InvalidSettingsException(where + ": p_" + k + " must be a finite number, got '" + c + "'.");
                }
                probabilities[k] = d.getDoubleValue();
            }
            rows.add(new Predictions.Row(sampleId, foldName, labelIndex, probabilities));
        }
        if (rows.isEmpty()) {
            throw new InvalidSettingsException("The table at " + port + " has no rows.");
        }
        try {
            return new Predictions(port, classes, fold >= 0, rows);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }

    private static DataCell cell(DataRow row, int column, String name, String where) throws InvalidSettingsException {
        DataCell c = row.getCell(column);
        if (c.isMissing()) {
            throw new InvalidSettingsException(where + ": '" + name + "' is missing.");
        }
        return c;
    }
}
