package org.medtl.knime.cca;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.knime.core.data.DataCell;
import org.knime.core.data.DataColumnSpecCreator;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.DataType;
import org.knime.core.data.RowKey;
import org.knime.core.data.def.DefaultRow;
import org.knime.core.data.def.DoubleCell;
import org.knime.core.data.def.IntCell;
import org.knime.core.data.def.StringCell;
import org.knime.core.data.image.png.PNGImageContent;
import org.knime.core.node.BufferedDataContainer;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.knime.core.node.port.image.ImagePortObject;
import org.knime.core.node.port.image.ImagePortObjectSpec;
import org.medtl.core.activations.ActivationSet;
import org.medtl.core.similarity.ActivationComparison;
import org.medtl.core.similarity.ComparisonResult;
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.similarity.LayerSimilarity;
import org.medtl.core.similarity.SimilarityPlot;
import org.medtl.knime.base.Cancel;
import org.medtl.knime.base.SettingsNodeModel;
import org.medtl.knime.port.ActivationSetPortObject;

/**
 * CCA Comparator: {@link ActivationComparison#compare} on the two activation-set ports with the dialog's
 * {@link ComparisonSettings}. A port holds one activation set, or one per fold (sub-folders {@code fold_<n>}, as the
 * Activation Extractor writes them for fine-tuned fold models); per-fold sets are compared fold by fold and
 * {@link ActivationComparison#overFolds} adds the mean over folds, as the study reported it.
 */
final class CcaComparatorNodeModel extends SettingsNodeModel<ComparisonSettings> {

    private static final String FOLD_FOLDER_PREFIX = "fold_";
    private static final String MEAN_OVER_FOLDS = "mean over folds";

    CcaComparatorNodeModel() {
        super(new PortType[] {ActivationSetPortObject.TYPE, ActivationSetPortObject.TYPE},
            new PortType[] {BufferedDataTable.TYPE, ImagePortObject.TYPE}, ComparisonSettings::fromConfig, ComparisonSettings::toConfig, defaults());
    }

    /** The study's protocol: mean CCA, 64 channels, about 10,000 positions, 5 repeats, epsilon 1e-12. */
    static ComparisonSettings defaults() {
        return ComparisonSettings.study(0);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        settings();
        return new PortObjectSpec[] {resultSpec(), new ImagePortObjectSpec(PNGImageContent.TYPE)};
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        Map<String, Path> a = sets(((ActivationSetPortObject)inObjects[0]).folder());
        Map<String, Path> b = sets(((ActivationSetPortObject)inObjects[1]).folder());
        List<String[]> pairs = pairs(a, b);
        List<ComparisonResult> results = new ArrayList<>();
        Map<LayerSimilarity, String> foldLabels = new LinkedHashMap<>();
        try {
            for (int i = 0; i < pairs.size(); i++) {
                ExecutionContext sub = exec.createSubExecutionContext(1.0 / pairs.size());
                String[] pair = pairs.get(i);
                ComparisonResult r = ActivationComparison.compare(a.get(pair[0]), b.get(pair[1]), settings(), (fraction, message) -> {
                        if (Cancel.requested(sub)) {
                            throw new CancelledComparison();
                        }
                        sub.setProgress(fraction, message);
                    });
                results.add(r);
                r.rows().forEach(row -> foldLabels.put(row, label(pair, row)));
            }
        } catch (CancelledComparison e) {
            throw new CanceledExecutionException("The comparison was cancelled.");
        }
        if (results.size() > 1) {
            ActivationComparison.overFolds(results).forEach(row -> foldLabels.put(row, MEAN_OVER_FOLDS));
        }
        List<String> warnings =
            foldLabels.keySet().stream().flatMap(r -> r.warnings().stream()).distinct().toList();
        if (!warnings.isEmpty()) {
            setWarningMessage(String.join("\n", warnings));
        }
        return new PortObject[] {table(foldLabels, exec), figure(foldLabels)};
    }

    @Override
    protected void reset() {
        // Nothing cached.
    }

    /** The activation sets of a port: {@code "" -> folder}, or fold name -> {@code fold_<n>} sub-folder. */
    private static Map<String, Path> sets(Path folder) throws IOException {
        Map<String, Path> sets = new LinkedHashMap<>();
        if (Files.isRegularFile(folder.resolve(ActivationSet.DESCRIPTION_FILE))) {
            sets.put("", folder);
            return sets;
        }
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.sorted().toList()) {
                String name = child.getFileName().toString();
                if (name.startsWith(FOLD_FOLDER_PREFIX) && Files.isRegularFile(child.resolve(ActivationSet.DESCRIPTION_FILE))) {
                    sets.put(name.substring(FOLD_FOLDER_PREFIX.length()), child);
                }
            }
        }
        if (sets.isEmpty()) {
            throw new IOException(folder + " holds no activation set (" + ActivationSet.DESCRIPTION_FILE
                + "); re-execute the Activation Extractor.");
        }
        return sets;
    }

    /** Same folds on both sides, or one single set compared with every fold of the other side. */
    private static List<String[]> pairs(Map<String, Path> a, Map<String, Path> b) {
        List<String[]> pairs = new ArrayList<>();
        if (a.containsKey("") || b.containsKey("")) {
            for (String fa : a.keySet()) {
                for (String fb : b.keySet()) {
                    pairs.add(new String[] {fa, fb});
                }
            }
            return pairs;
        }
        if (!a.keySet().equals(b.keySet())) {
            throw new IllegalArgumentException("The two activation sets hold different folds (A: "
                + String.join(", ", a.keySet()) + "; B: " + String.join(", ", b.keySet())
                + "). Fine-tune both models on the same folds of the same dataset.");
        }
        a.keySet().forEach(f -> pairs.add(new String[] {f, f}));
        return pairs;
    }

    private static DataTableSpec resultSpec() {
        return new DataTableSpec("Similarity", new DataColumnSpecCreator("layer", StringCell.TYPE).createSpec(),
            new DataColumnSpecCreator("measure", StringCell.TYPE).createSpec(),
            new DataColumnSpecCreator("fold", StringCell.TYPE).createSpec(),
            new DataColumnSpecCreator("mean", DoubleCell.TYPE).createSpec(),
            new DataColumnSpecCreator("std", DoubleCell.TYPE).createSpec(),
            new DataColumnSpecCreator("values", StringCell.TYPE).createSpec(),
            new DataColumnSpecCreator("data_points", IntCell.TYPE).createSpec(),
            new DataColumnSpecCreator("channels_a", IntCell.TYPE).createSpec(),
            new DataColumnSpecCreator("channels_b", IntCell.TYPE).createSpec(),
            new DataColumnSpecCreator("warnings", StringCell.TYPE).createSpec());
    }

    /** The fold a row belongs to: the pair's fold, the set's own fold, or "A fold x / B fold y" for mixed pairs. */
    private static String label(String[] pair, LayerSimilarity row) {
        if (pair[0].equals(pair[1])) {
            return pair[0].isEmpty() ? (row.fold() == null ? "" : row.fold()) : pair[0];
        }
        return pair[0].isEmpty() ? pair[1] : pair[1].isEmpty() ? pair[0] : "A " + pair[0] + " / B " + pair[1];
    }

    private static BufferedDataTable table(Map<LayerSimilarity, String> rows, ExecutionContext exec) {
        BufferedDataContainer out = exec.createDataContainer(resultSpec());
        long row = 0;
        for (Map.Entry<LayerSimilarity, String> e : rows.entrySet()) {
            LayerSimilarity s = e.getKey();
            List<DataCell> cells = new ArrayList<>();
            cells.add(new StringCell(s.layer()));
            cells.add(new StringCell(s.measure().key()));
            cells.add(e.getValue().isEmpty() ? DataType.getMissingCell() : new StringCell(e.getValue()));
            cells.add(number(s.mean()));
            cells.add(number(s.std()));
            cells.add(new StringCell(java.util.Arrays.stream(s.values()).mapToObj(Double::toString)
                .collect(Collectors.joining(" "))));
            cells.add(new IntCell(s.dataPoints()));
            cells.add(new IntCell(s.neuronsX()));
            cells.add(new IntCell(s.neuronsY()));
            cells.add(s.warnings().isEmpty() ? DataType.getMissingCell() : new StringCell(String.join("; ", s.warnings())));
            out.addRowToTable(new DefaultRow(RowKey.createRowKey(row++), cells));
        }
        out.close();
        return out.getTable();
    }

    // The std of a single repeat is undefined; a missing cell says so better than NaN.
    private static DataCell number(double v) {
        return Double.isNaN(v) ? DataType.getMissingCell() : new DoubleCell(v);
    }

    /**
     * The study's figure (similarity per layer, mean and one standard deviation), one line per measure: the mean over
     * folds when there are several folds, else the single comparison.
     */
    private static ImagePortObject figure(Map<LayerSimilarity, String> rows) {
        boolean overFolds = rows.containsValue(MEAN_OVER_FOLDS);
        Map<String, List<LayerSimilarity>> series = new LinkedHashMap<>();
        rows.forEach((row, fold) -> {
            if (!overFolds || fold.equals(MEAN_OVER_FOLDS)) {
                series.computeIfAbsent(row.measure().key() + (overFolds ? " (mean over folds)" : ""),
                    k -> new ArrayList<>()).add(row);
            }
        });
        byte[] png = SimilarityPlot.png("Representation similarity per layer", series, 720, 440);
        return new ImagePortObject(new PNGImageContent(png), new ImagePortObjectSpec(PNGImageContent.TYPE));
    }

    /** Unchecked so it can leave the core's progress callback; turned into KNIME's cancel below. */
    private static final class CancelledComparison extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
