package org.medtl.knime.cca;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

import org.knime.core.data.DataCell;
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
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.similarity.FoldedComparison;
import org.medtl.core.similarity.LayerSimilarity;
import org.medtl.core.study.NodeSpecs;
import org.medtl.knime.base.KnimeProgress;
import org.medtl.knime.base.Specs;
import org.medtl.knime.base.SettingsNodeModel;
import org.medtl.knime.port.ActivationSetPortObject;

/**
 * CCA Comparator: {@link FoldedComparison#compare} on the two activation-set ports with the dialog's
 * {@link ComparisonSettings} (fold by fold, plus the mean over folds), laid out as a table and the study's figure.
 */
final class CcaComparatorNodeModel extends SettingsNodeModel<ComparisonSettings> {

    CcaComparatorNodeModel() {
        super(new PortType[] {ActivationSetPortObject.TYPE, ActivationSetPortObject.TYPE},
            new PortType[] {BufferedDataTable.TYPE, ImagePortObject.TYPE}, ComparisonSettings::fromConfig,
            ComparisonSettings::toConfig, defaults());
    }

    /** The study's protocol: mean CCA, 64 channels, about 10,000 positions, 5 repeats, epsilon 1e-12. */
    static ComparisonSettings defaults() {
        return ComparisonSettings.study(0);
    }

    @Override
    protected PortObjectSpec[] configureNode(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        settings();
        return new PortObjectSpec[] {resultSpec(), new ImagePortObjectSpec(PNGImageContent.TYPE)};
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        List<FoldedComparison.Row> rows;
        try {
            rows = FoldedComparison.compare(((ActivationSetPortObject)inObjects[0]).folder(),
                ((ActivationSetPortObject)inObjects[1]).folder(), settings(), KnimeProgress.of(exec));
        } catch (CancellationException e) {
            throw new CanceledExecutionException("The comparison was cancelled.");
        }
        List<String> warnings =
            rows.stream().flatMap(r -> r.similarity().warnings().stream()).distinct().collect(Collectors.toList());
        if (!warnings.isEmpty()) {
            setWarningMessage(String.join("\n", warnings));
        }
        return new PortObject[] {table(rows, exec), figure(rows)};
    }

    private static DataTableSpec resultSpec() {
        return Specs.table("Similarity", NodeSpecs.comparator().get(0));
    }

    private static BufferedDataTable table(List<FoldedComparison.Row> rows, ExecutionContext exec) {
        BufferedDataContainer out = exec.createDataContainer(resultSpec());
        long row = 0;
        for (FoldedComparison.Row r : rows) {
            LayerSimilarity s = r.similarity();
            List<DataCell> cells = new ArrayList<>();
            cells.add(new StringCell(s.layer()));
            cells.add(new StringCell(s.measure().key()));
            cells.add(r.fold().isEmpty() ? DataType.getMissingCell() : new StringCell(r.fold()));
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

    /**
     * The study's figure (similarity per layer, mean and one standard deviation), one line per measure: the mean over
     * folds when there are several folds, else the single comparison.
     */
    private static ImagePortObject figure(List<FoldedComparison.Row> rows) {
        return new ImagePortObject(new PNGImageContent(FoldedComparison.figurePng(rows)), new ImagePortObjectSpec(PNGImageContent.TYPE));
    }

    // The std of a single repeat is undefined; a missing cell says so better than NaN.
    private static DataCell number(double v) {
        return Double.isNaN(v) ? DataType.getMissingCell() : new DoubleCell(v);
    }
}
