package org.medtl.knime.activations;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.knime.core.data.DataTableSpec;
import org.knime.core.data.filestore.FileStore;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.medtl.core.activations.ActivationSet;
import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.FoldedExtraction;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.study.NodeSpecs;
import org.medtl.core.study.PortKind;
import org.medtl.core.study.PortSpec;
import org.medtl.knime.base.KnimeProgress;
import org.medtl.knime.base.Specs;
import org.medtl.knime.base.ManifestTable;
import org.medtl.knime.base.SettingsNodeModel;
import org.medtl.knime.port.ActivationSetPortObject;
import org.medtl.knime.port.ActivationSetPortObjectSpec;
import org.medtl.knime.port.ModelPortObject;

/**
 * Activation Extractor: {@link FoldedExtraction#extract} with the model port's folder, the dataset table as the
 * manifest and the dialog's {@link ExtractionSettings}; the activation set(s) live in a file store (one per fold,
 * from the fold's test split, when the table has fold columns).
 */
final class ActivationExtractorNodeModel extends SettingsNodeModel<ExtractionSettings> {

    private static final String PORT_DATASET = "input port 2 (dataset)";

    ActivationExtractorNodeModel() {
        super(new PortType[] {ModelPortObject.TYPE, BufferedDataTable.TYPE},
            new PortType[] {ActivationSetPortObject.TYPE}, ExtractionSettings::fromConfig, ExtractionSettings::toConfig,
            defaults());
    }

    /** The study's protocol: its five layers, every position, the study's image count per layer. */
    static ExtractionSettings defaults() {
        return ExtractionSettings.study();
    }

    @Override
    protected PortObjectSpec[] configureNode(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        ManifestTable.checkSpec((DataTableSpec)inSpecs[1], PORT_DATASET);
        PortSpec spec = NodeSpecs.extractor(settings(), Specs.fromFolder(PortKind.MODEL, inSpecs[0]), Specs.fromTable(inSpecs[1]));
        return new PortObjectSpec[] {new ActivationSetPortObjectSpec(spec.properties())};
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        Path model = ((ModelPortObject)inObjects[0]).folder();
        Manifest manifest = ManifestTable.fromTable((BufferedDataTable)inObjects[1], PORT_DATASET);
        FileStore store = exec.createFileStore("activations");
        List<ActivationSet> sets;
        try {
            sets = FoldedExtraction.extract(model, manifest, settings(), store.getFile().toPath(),
                KnimeProgress.of(exec));
        } catch (CancellationException e) {
            throw new CanceledExecutionException("Activation extraction was cancelled.");
        }
        return new PortObject[] {new ActivationSetPortObject(store, spec(sets, manifest.foldCount() > 0))};
    }

    private ActivationSetPortObjectSpec spec(List<ActivationSet> sets, boolean perFold) throws InvalidSettingsException {
        Map<String, String> p = new LinkedHashMap<>();
        ActivationSet first = sets.get(0);
        p.put("folds", perFold ? String.valueOf(sets.size()) : "none (one set)");
        p.put("images", String.valueOf(sets.stream().mapToInt(s -> s.imageIds().size()).sum()));
        for (ActivationSet.Layer l : first.layers()) {
            p.put("layer " + l.name(), l.rows() + " x " + l.columns() + " (output " + l.channels() + " x " + l.height()
                + " x " + l.width() + ")");
        }
        p.put("spatial", settings().spatial().key());
        if (first.json().has("device")) {
            p.put("device", first.json().get("device").getAsString());
        }
        return new ActivationSetPortObjectSpec(p);
    }
}
