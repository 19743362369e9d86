package org.medtl.knime.dataset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.knime.core.data.DataTableSpec;
import org.knime.core.data.RowKey;
import org.knime.core.data.def.DefaultRow;
import org.knime.core.data.def.IntCell;
import org.knime.core.data.def.StringCell;
import org.knime.core.node.BufferedDataContainer;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.medtl.core.dataset.Dataset;
import org.medtl.core.dataset.DatasetReader;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Problem;
import org.medtl.core.dataset.Split;
import org.medtl.core.dataset.SplitClasses;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.study.NodeSpecs;
import org.medtl.core.study.PortSpec;
import org.medtl.knime.base.Specs;
import org.medtl.knime.base.KnimeProgress;
import org.medtl.knime.base.ManifestTable;
import org.medtl.knime.base.SettingsNodeModel;

/**
 * Medical Dataset Reader: {@link DatasetReader#read} with the dialog's {@link DatasetSettings}; the manifest becomes
 * the dataset table, the problems and the class balance per fold become two more tables.
 */
final class MedicalDatasetReaderNodeModel extends SettingsNodeModel<DatasetSettings> {

    MedicalDatasetReaderNodeModel() {
        super(new PortType[0], new PortType[] {BufferedDataTable.TYPE, BufferedDataTable.TYPE, BufferedDataTable.TYPE},
            DatasetSettings::fromConfig, DatasetSettings::toConfig, null);
    }

    /** The dialog's defaults; {@code source} has none and stays empty until the user chooses one. */
    static DatasetSettings defaults() {
        return DatasetSettings.of("");
    }

    @Override
    protected PortObjectSpec[] configureNode(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        List<PortSpec> specs;
        try {
            // Lists the source (decoding nothing) for its classes: downstream prediction columns depend on them.
            specs = NodeSpecs.datasetReader(settings());
        } catch (IOException | InvalidConfigException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
        // With a split column the data decide how many fold columns there are: the manifest spec stays unknown.
        return new PortObjectSpec[] {Specs.table(ManifestTable.NAME, specs.get(0)), problemsSpec(), balanceSpec()};
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        ExecutionContext reading = exec.createSubExecutionContext(0.9);
        Dataset dataset;
        try {
            dataset = DatasetReader.read(settings(), KnimeProgress.of(reading));
        } catch (CancellationException e) {
            throw new CanceledExecutionException("Reading the dataset was cancelled.");
        }
        List<String> warnings = new ArrayList<>();
        if (!dataset.problems().isEmpty()) {
            warnings.add(dataset.problems().size() + " sample(s) could not be used and were left out; see the "
                + "Problems table.");
        }
        warnings.addAll(dataset.imageCacheWarnings());
        warnings.addAll(SplitClasses.warnings(dataset.manifest()));
        if (!warnings.isEmpty()) {
            setWarningMessage(String.join("\n", warnings));
        }
        getLogger().info(String.join("\n", dataset.summary()));
        Manifest manifest = dataset.manifest();
        BufferedDataTable samples = ManifestTable.toTable(manifest, exec.createSubExecutionContext(0.1));
        return new PortObject[] {samples, problems(dataset, exec), balance(manifest, exec)};
    }

    private static DataTableSpec problemsSpec() {
        return Specs.table("Problems", NodeSpecs.PROBLEMS);
    }

    private static BufferedDataTable problems(Dataset dataset, ExecutionContext exec) {
        BufferedDataContainer out = exec.createDataContainer(problemsSpec());
        long row = 0;
        for (Problem p : dataset.problems()) {
            out.addRowToTable(new DefaultRow(RowKey.createRowKey(row++), new StringCell(p.path()),
                new StringCell(p.reason()), new StringCell("left out: problem")));
        }
        for (Problem p : dataset.excluded()) {
            out.addRowToTable(new DefaultRow(RowKey.createRowKey(row++), new StringCell(p.path()),
                new StringCell(p.reason()), new StringCell("left out: excluded by the preset")));
        }
        out.close();
        return out.getTable();
    }

    private static DataTableSpec balanceSpec() {
        return Specs.table("Class balance", NodeSpecs.CLASS_BALANCE);
    }

    private static BufferedDataTable balance(Manifest manifest, ExecutionContext exec) {
        BufferedDataContainer out = exec.createDataContainer(balanceSpec());
        int[][][] counts = manifest.balance();
        List<String> classes = new ArrayList<>(manifest.classes());
        long row = 0;
        for (int f = 0; f < manifest.foldCount(); f++) {
            for (Split split : Split.values()) {
                for (int c = 0; c < classes.size(); c++) {
                    out.addRowToTable(new DefaultRow(RowKey.createRowKey(row++),
                        new StringCell(Manifest.FOLD_PREFIX + f), new StringCell(split.key()),
                        new StringCell(classes.get(c)), new IntCell(c), new IntCell(counts[f][split.ordinal()][c])));
                }
            }
        }
        out.close();
        return out.getTable();
    }
}
