package org.medtl.knime.base;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.knime.core.data.DataCell;
import org.knime.core.data.DataColumnSpec;
import org.knime.core.data.DataColumnSpecCreator;
import org.knime.core.data.DataRow;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.IntValue;
import org.knime.core.data.RowKey;
import org.knime.core.data.StringValue;
import org.knime.core.data.def.DefaultRow;
import org.knime.core.data.def.IntCell;
import org.knime.core.data.def.StringCell;
import org.knime.core.node.BufferedDataContainer;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Sample;
import org.medtl.core.dataset.Split;
import org.medtl.core.study.NodeSpecs;

/**
 * The manifest (docs/manifest.md) as a KNIME table, one row per sample, with the manifest's column names: {@code id,
 * path, entry, index, label, label_index, group, fold_0...}. In the table {@code path} is absolute, because a KNIME
 * table has no folder to be relative to. This is the dataset port between the Medical Dataset Reader and the nodes
 * that need pixels; users may also build it with KNIME's own nodes (a CSV Reader on a manifest file with absolute
 * paths, a Row Filter on one split).
 */
public final class ManifestTable {

    private ManifestTable() {
    }

    /** The table's name. */
    public static final String NAME = "Manifest";

    /**
     * The table spec for a manifest with {@code foldCount} fold columns and these classes (in label_index order,
     * kept in the {@code label} column's properties so that downstream nodes know the class count in configure).
     */
    public static DataTableSpec spec(int foldCount, List<String> classes) {
        return Specs.table(NAME, NodeSpecs.dataset(foldCount, classes));
    }

    /** Checks in {@code configure} that an input table can be read as a manifest. */
    public static void checkSpec(DataTableSpec spec, String port) throws InvalidSettingsException {
        if (spec == null) {
            // The upstream node knows its columns only after executing; check again in execute.
            return;
        }
        for (String required : List.of("path", "label")) {
            if (!spec.containsName(required)) {
                throw new InvalidSettingsException("The table at " + port + " has no '" + required
                    + "' column. Connect the output of the Medical Dataset Reader (or a table with the manifest columns "
                    + "id, path, label, label_index, group, fold_0, ...).");
            }
        }
    }

    /** One row per sample, in manifest order; row keys are the sample ids. */
    public static BufferedDataTable toTable(Manifest manifest, ExecutionContext exec)
        throws CanceledExecutionException {
        BufferedDataContainer out = exec.createDataContainer(spec(manifest.foldCount(), manifest.classes()));
        long n = manifest.samples().size();
        long done = 0;
        for (Sample s : manifest.samples()) {
            List<DataCell> cells = new ArrayList<>();
            cells.add(new StringCell(s.id()));
            cells.add(new StringCell(s.file().toAbsolutePath().toString()));
            cells.add(new StringCell(s.entry()));
            cells.add(new IntCell(s.index()));
            cells.add(new StringCell(s.label()));
            cells.add(new IntCell(s.labelIndex()));
            cells.add(new StringCell(s.group()));
            for (Split split : s.folds()) {
                cells.add(new StringCell(split.key()));
            }
            out.addRowToTable(new DefaultRow(new RowKey(s.id()), cells));
            exec.checkCanceled();
            exec.setProgress(++done / (double)Math.max(1, n));
        }
        out.close();
        return out.getTable();
    }

    /**
     * Reads a manifest table back into the core's {@link Manifest}. Errors name the port, row and column.
     *
     * @param port for messages, e.g. {@code "input port 1 (images)"}
     */
    public static Manifest fromTable(BufferedDataTable table, String port) throws InvalidSettingsException {
        DataTableSpec spec = table.getDataTableSpec();
        checkSpec(spec, port);
        int path = spec.findColumnIndex("path");
        int label = spec.findColumnIndex("label");
        int id = spec.findColumnIndex("id");
        int entry = spec.findColumnIndex("entry");
        int index = spec.findColumnIndex("index");
        int labelIndex = spec.findColumnIndex("label_index");
        int group = spec.findColumnIndex("group");
        TreeMap<Integer, Integer> foldColumns = new TreeMap<>();
        for (String name : spec.getColumnNames()) {
            if (name.startsWith(Manifest.FOLD_PREFIX)) {
                try {
                    foldColumns.put(Integer.parseInt(name.substring(Manifest.FOLD_PREFIX.length())),
                        spec.findColumnIndex(name));
                } catch (NumberFormatException e) {
                    throw new InvalidSettingsException("The table at " + port + " has a column '" + name
                        + "' that looks like a fold column but has no fold number (fold_0, fold_1, ...).");
                }
            }
        }
        if (!foldColumns.isEmpty() && foldColumns.lastKey() != foldColumns.size() - 1) {
            throw new InvalidSettingsException("The table at " + port + " must have fold columns fold_0..fold_"
                + (foldColumns.size() - 1) + ", it has " + foldColumns.keySet() + ".");
        }
        List<Sample> samples = new ArrayList<>();
        Map<Integer, String> labelOfIndex = new TreeMap<>();
        for (DataRow row : table) {
            String where = "Row '" + row.getKey().getString() + "' of the table at " + port;
            String file = text(row, path, "path", where, null);
            if (!Path.of(file).isAbsolute()) {
                throw new InvalidSettingsException(where + ": path '" + file + "' is relative; the table needs "
                    + "absolute paths (the Medical Dataset Reader writes them).");
            }
            String entryText = text(row, entry, "entry", where, "");
            int frame = whole(row, index, "index", where, 0);
            String labelText = text(row, label, "label", where, null);
            int li = whole(row, labelIndex, "label_index", where, -1);
            if (labelIndex >= 0) {
                String previous = labelOfIndex.putIfAbsent(li, labelText);
                if (previous != null && !previous.equals(labelText)) {
                    throw new InvalidSettingsException(where + ": label_index " + li + " is '" + labelText
                        + "' here but '" + previous + "' in an earlier row.");
                }
            }
            List<Split> folds = new ArrayList<>();
            for (Map.Entry<Integer, Integer> fc : foldColumns.entrySet()) {
                String column = Manifest.FOLD_PREFIX + fc.getKey();
                try {
                    folds.add(Split.parse(text(row, fc.getValue(), column, where, null)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidSettingsException(where + ", column " + column + ": " + e.getMessage() + ".");
                }
            }
            String sampleId = text(row, id, "id", where, row.getKey().getString());
            samples.add(new Sample(sampleId, Path.of(file), entryText, frame, labelText, li,
                text(row, group, "group", where, ""), folds));
        }
        try {
            if (labelIndex < 0) {
                return Manifest.ofLabels(samples);
            }
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < labelOfIndex.size(); i++) {
                if (!labelOfIndex.containsKey(i)) {
                    throw new InvalidSettingsException("The table at " + port + ": label_index values must be 0.."
                        + (labelOfIndex.size() - 1) + " without gaps, got " + labelOfIndex.keySet() + ".");
                }
                classes.add(labelOfIndex.get(i));
            }
            return new Manifest(classes, samples);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("The table at " + port + ": " + e.getMessage(), e);
        }
    }

    private static String text(DataRow row, int column, String name, String where, String fallback)
        throws InvalidSettingsException {
        if (column < 0) {
            return fallback;
        }
        DataCell cell = row.getCell(column);
        if (cell.isMissing()) {
            if (fallback != null) {
                return fallback;
            }
            throw new InvalidSettingsException(where + ": '" + name + "' is missing.");
        }
        return cell instanceof StringValue v ? v.getStringValue() : cell.toString();
    }

    private static int whole(DataRow row, int column, String name, String where, int fallback)
        throws InvalidSettingsException {
        if (column < 0) {
            return fallback;
        }
        DataCell cell = row.getCell(column);
        if (cell.isMissing()) {
            throw new InvalidSettingsException(where + ": '" + name + "' is missing.");
        }
        if (cell instanceof IntValue v) {
            return v.getIntValue();
        }
        try {
            return Integer.parseInt(cell.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException(where + ": '" + name + "' must be a whole number, got '" + cell + "'.");
        }
    }
}
