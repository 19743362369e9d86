package org.medtl.knime.finetune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import org.knime.core.data.filestore.FileStore;
import org.knime.core.node.BufferedDataContainer;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.training.EpochRecord;
import org.medtl.core.training.FineTuneResult;
import org.medtl.core.training.FineTuneSettings;
import org.medtl.core.training.FineTuner;
import org.medtl.core.training.TrainingCancelledException;
import org.medtl.knime.base.Cancel;
import org.medtl.knime.base.ManifestTable;
import org.medtl.core.study.NodeSpecs;
import org.medtl.core.study.PortKind;
import org.medtl.core.study.PortSpec;
import org.medtl.knime.base.Specs;
import org.medtl.knime.base.SettingsNodeModel;
import org.medtl.knime.port.ModelPortObject;
import org.medtl.knime.port.ModelPortObjectSpec;

/**
 * GPU Fine-Tuner: {@link FineTuner#run} with the dialog's {@link FineTuneSettings}, the backbone port's model folder
 * as the weights and the dataset table as the manifest. The run's output folder (one model folder per fold plus the
 * CSV tables) lives in a file store; its predictions and history also become tables.
 */
final class GpuFineTunerNodeModel extends SettingsNodeModel<FineTuneSettings> {

    private static final String PORT_DATASET = "input port 2 (dataset)";

    private static final String PREDICTIONS = "Predictions";

    GpuFineTunerNodeModel() {
        super(new PortType[] {ModelPortObject.TYPE, BufferedDataTable.TYPE},
            new PortType[] {ModelPortObject.TYPE, BufferedDataTable.TYPE, BufferedDataTable.TYPE, BufferedDataTable.TYPE},
            FineTuneSettings::fromConfig, FineTuneSettings::toConfig, defaults());
    }

    /** The study's protocol (STUDY.md), as the core defines it. */
    static FineTuneSettings defaults() {
        return FineTuneSettings.builder().build();
    }

    @Override
    protected PortObjectSpec[] configureNode(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        settings();
        ManifestTable.checkSpec((DataTableSpec)inSpecs[1], PORT_DATASET);
        // The prediction columns need the classes, which the Medical Dataset Reader's table spec carries; a table
        // built otherwise leaves them unknown until execution.
        List<PortSpec> specs =
            NodeSpecs.fineTuner(Specs.fromFolder(PortKind.MODEL, inSpecs[0]), Specs.fromTable(inSpecs[1]));
        return new PortObjectSpec[] {ModelPortObjectSpec.configured(specs.get(0).properties()),
            Specs.table(PREDICTIONS, specs.get(1)), historySpec(), metricsSpec()};
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        ModelPortObject backbone = (ModelPortObject)inObjects[0];
        Manifest manifest = ManifestTable.fromTable((BufferedDataTable)inObjects[1], PORT_DATASET);
        // The backbone, its architecture and its preprocessing come from the port, not from the dialog.
        FineTuneSettings s = settings().withBackbone(backbone.folder());
        FileStore store = exec.createFileStore("fine-tuned");
        Path manifestFolder = Files.createTempDirectory("medtl-manifest");
        FineTuneResult result;
        try {
            Path manifestCsv = manifestFolder.resolve("manifest.csv");
            manifest.write(manifestCsv);
            result = FineTuner.run(s, manifestCsv, store.getFile().toPath(),
                p -> exec.setProgress(p.fraction(), p.message()), () -> Cancel.requested(exec));
        } catch (TrainingCancelledException e) {
            throw new CanceledExecutionException(e.getMessage());
        } finally {
            deleteRecursively(manifestFolder);
        }
        if (!result.warnings().isEmpty()) {
            setWarningMessage(String.join("\n", result.warnings()));
        }
        return new PortObject[] {new ModelPortObject(store, spec(result)),
            predictions(result, exec), history(result, exec), metrics(result, exec)};
    }

    private static ModelPortObjectSpec spec(FineTuneResult r) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fine-tuned folds", String.join(", ", r.folds().stream().map(FineTuneResult.FoldResult::fold).toList()));
        p.put("test AUC (" + r.aucAverage() + ")", String.format(Locale.ROOT, "%.4f +- %.4f", r.meanAuc(), r.stdAuc()));
        p.put("device", r.device());
        if (!r.folds().isEmpty()) {
            // Every fold shares architecture, head and preprocessing; the first fold's model.json shows them.
            ModelPortObjectSpec first = ModelPortObjectSpec.of(ModelFolder.readDescription(r.folds().get(0).modelFolder()));
            first.properties().forEach(p::putIfAbsent);
        }
        return ModelPortObjectSpec.configured(p);
    }

    private static BufferedDataTable predictions(FineTuneResult r, ExecutionContext exec) {
        BufferedDataContainer out =
            exec.createDataContainer(Specs.table(PREDICTIONS, NodeSpecs.predictions(r.classes().size())));
        long row = 0;
        for (FineTuneResult.Prediction p : r.predictions()) {
            List<DataCell> cells = new ArrayList<>();
            cells.add(new StringCell(p.id()));
            cells.add(new StringCell(p.fold()));
            cells.add(new IntCell(p.label()));
            for (float v : p.probabilities()) {
                cells.add(new DoubleCell(v));
            }
            cells.add(new IntCell(p.predicted()));
            cells.add(new StringCell(p.modelId()));
            out.addRowToTable(new DefaultRow(RowKey.createRowKey(row++), cells));
        }
        out.close();
        return out.getTable();
    }

    private static DataTableSpec historySpec() {
        return Specs.table("History", NodeSpecs.history());
    }

    private static DataTableSpec metricsSpec() {
        return Specs.table("Metrics", NodeSpecs.metrics());
    }

    private static BufferedDataTable history(FineTuneResult r, ExecutionContext exec) {
        BufferedDataContainer out = exec.createDataContainer(historySpec());
        long row = 0;
        for (EpochRecord e : r.history()) {
            out.addRowToTable(new DefaultRow(RowKey.createRowKey(row++), new StringCell(e.fold()),
                new StringCell(e.stage()), new IntCell(e.epoch()), new DoubleCell(e.trainLoss()),
                new DoubleCell(e.valLoss()), new DoubleCell(e.valAuc()), new DoubleCell(e.valAccuracy()),
                new DoubleCell(e.learningRate()), new DoubleCell(e.seconds()), new StringCell(e.device())));
        }
        out.close();
        return out.getTable();
    }

    /** One row per fold, the columns of the run's metrics.csv. */
    private static BufferedDataTable metrics(FineTuneResult r, ExecutionContext exec) {
        BufferedDataContainer out = exec.createDataContainer(metricsSpec());
        long row = 0;
        for (FineTuneResult.FoldResult f : r.folds()) {
            out.addRowToTable(new DefaultRow(RowKey.createRowKey(row++), new StringCell(f.fold()),
                Double.isFinite(f.auc()) ? new DoubleCell(f.auc()) : DataType.getMissingCell(),
                new StringCell(r.aucAverage()), new DoubleCell(f.accuracy()), new IntCell(f.testImages()),
                new StringCell(f.bestEpochs().stream().map(String::valueOf).collect(Collectors.joining(" "))),
                new StringCell(f.modelId())));
        }
        out.close();
        return out.getTable();
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
