package org.medtl.knime.agreement;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knime.core.data.DataCell;
import org.knime.core.data.DataColumnSpec;
import org.knime.core.data.DataColumnSpecCreator;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.DataType;
import org.knime.core.data.RowKey;
import org.knime.core.data.def.DefaultRow;
import org.knime.core.data.def.DoubleCell;
import org.knime.core.data.def.IntCell;
import org.knime.core.data.def.StringCell;
import org.knime.core.node.BufferedDataContainer;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.ExecutionMonitor;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeModel;
import org.knime.core.node.NodeSettingsRO;
import org.knime.core.node.NodeSettingsWO;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.medtl.core.agreement.AgreementResult;
import org.medtl.core.agreement.FoldAgreement;
import org.medtl.core.agreement.PredictionAgreement;
import org.medtl.core.agreement.Predictions;
import org.medtl.core.study.NodeSpecs;
import org.medtl.knime.base.NodeSettingsConfig;
import org.medtl.knime.base.PredictionsTable;
import org.medtl.knime.base.Specs;

/**
 * Prediction Agreement: reads the two predictions tables and lays {@link PredictionAgreement#compare} out as one
 * table, one row per fold plus the pooled samples and the mean and standard deviation over folds. The node has no
 * settings: the measures and their baselines are fixed by the papers they come from.
 */
final class PredictionAgreementNodeModel extends NodeModel {

    private static final String PORT_A = "input port 1 (model A)";
    private static final String PORT_B = "input port 2 (model B)";

    private static final String TABLE = "Prediction agreement";

    PredictionAgreementNodeModel() {
        super(new PortType[] {BufferedDataTable.TYPE, BufferedDataTable.TYPE},
            new PortType[] {BufferedDataTable.TYPE});
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        PredictionsTable.checkSpec((DataTableSpec)inSpecs[0], PORT_A);
        PredictionsTable.checkSpec((DataTableSpec)inSpecs[1], PORT_B);
        // The metric columns depend on the class count (binary or multi-class AUCs): the p_ columns tell it.
        int a = classes(inSpecs[0]);
        int b = classes(inSpecs[1]);
        if (a > 0 && b > 0 && a != b) {
            throw new InvalidSettingsException("The predictions at " + PORT_A + " have " + a + " classes, those at "
                + PORT_B + " " + b + ": connect two models fine-tuned on the same dataset.");
        }
        return new PortObjectSpec[] {a > 0 && a == b ? Specs.table(TABLE, NodeSpecs.agreement(a)) : null};
    }

    private static int classes(PortObjectSpec spec) {
        return spec == null ? 0 : NodeSpecs.predictionClasses(List.of(((DataTableSpec)spec).getColumnNames()));
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        Predictions a = PredictionsTable.fromTable((BufferedDataTable)inObjects[0], PORT_A);
        Predictions b = PredictionsTable.fromTable((BufferedDataTable)inObjects[1], PORT_B);
        exec.checkCanceled();
        AgreementResult result = PredictionAgreement.compare(a, b);
        List<String> warnings = new ArrayList<>(result.warnings());
        warnings.addAll(result.pooled().warnings());
        result.perFold().forEach(f -> f.warnings().forEach(w -> warnings.add("fold " + f.fold() + ": " + w)));
        if (!warnings.isEmpty()) {
            setWarningMessage(String.join("\n", warnings));
        }
        return new PortObject[] {table(result, exec)};
    }

    private static BufferedDataTable table(AgreementResult result, ExecutionContext exec) {
        FoldAgreement pooled = result.pooled();
        List<String> metrics = FoldAgreement.scalarNames(pooled.classes());
        DataTableSpec spec = Specs.table(TABLE, NodeSpecs.agreement(pooled.classes()));
        int ciCount = pooled.binary() ? 4 : 0;
        BufferedDataContainer out = exec.createDataContainer(spec);

        out.addRowToTable(foldRow("pooled", "all folds pooled", pooled, metrics, ciCount));
        for (FoldAgreement f : result.perFold()) {
            out.addRowToTable(foldRow("fold " + f.fold(), "fold", f, metrics, ciCount));
        }
        if (!result.perFold().isEmpty()) {
            out.addRowToTable(summaryRow("mean", "mean over folds", result.foldMean(), metrics, spec.getNumColumns()));
            out.addRowToTable(summaryRow("std", "standard deviation over folds", result.foldStd(), metrics,
                spec.getNumColumns()));
        }
        out.close();
        return out.getTable();
    }

    private static DefaultRow foldRow(String key, String scope, FoldAgreement f, List<String> metrics, int ciCount) {
        List<DataCell> cells = new ArrayList<>();
        cells.add(new StringCell(scope));
        cells.add(f.fold() == null ? DataType.getMissingCell() : new StringCell(f.fold()));
        cells.add(new IntCell(f.n()));
        Map<String, Double> scalars = f.scalars();
        for (String m : metrics) {
            cells.add(number(scalars.get(m)));
        }
        if (ciCount > 0) {
            for (double[] ci : List.of(f.delongCiA(), f.delongCiB())) {
                cells.add(number(ci == null || ci.length < 2 ? null : ci[0]));
                cells.add(number(ci == null || ci.length < 2 ? null : ci[1]));
            }
        }
        for (int c : f.correctness()) {
            cells.add(new IntCell(c));
        }
        cells.add(f.warnings().isEmpty() ? DataType.getMissingCell() : new StringCell(String.join("; ", f.warnings())));
        return new DefaultRow(new RowKey(key), cells);
    }

    private static DefaultRow summaryRow(String key, String scope, Map<String, Double> values, List<String> metrics,
        int columnCount) {
        List<DataCell> cells = new ArrayList<>();
        cells.add(new StringCell(scope));
        cells.add(DataType.getMissingCell());
        cells.add(DataType.getMissingCell());
        for (String m : metrics) {
            cells.add(number(values.get(m)));
        }
        while (cells.size() < columnCount) {
            cells.add(DataType.getMissingCell());
        }
        return new DefaultRow(new RowKey(key), cells);
    }

    // An undefined metric (NaN, explained in the warnings column) is a missing cell, not a number.
    private static DataCell number(Double v) {
        return v == null || v.isNaN() ? DataType.getMissingCell() : new DoubleCell(v);
    }

    @Override
    protected void saveSettingsTo(NodeSettingsWO settings) {
        // No settings.
    }

    @Override
    protected void validateSettings(NodeSettingsRO settings) {
        // No settings.
    }

    /** No settings; any saved key is unknown and warned about, as {@code ./medtl run} does. */
    @Override
    protected void loadValidatedSettingsFrom(NodeSettingsRO settings) {
        for (String warning : NodeSettingsConfig.of(settings).unknownSettingWarnings()) {
            getLogger().warn(warning);
        }
    }

    @Override
    protected void reset() {
        // Nothing cached.
    }

    @Override
    protected void loadInternals(File nodeInternDir, ExecutionMonitor exec) {
        // No internals.
    }

    @Override
    protected void saveInternals(File nodeInternDir, ExecutionMonitor exec) {
        // No internals.
    }
}
