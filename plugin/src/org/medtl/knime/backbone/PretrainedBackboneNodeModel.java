package org.medtl.knime.backbone;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.knime.core.data.filestore.FileStore;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.model.ModelDescription;
import org.medtl.knime.base.SettingsNodeModel;
import org.medtl.knime.port.ModelPortObject;
import org.medtl.knime.port.ModelPortObjectSpec;

/**
 * Pretrained Backbone: builds the backbone {@link BackboneSettings} describe and keeps its model folder in a file
 * store.
 */
final class PretrainedBackboneNodeModel extends SettingsNodeModel<BackboneSettings> {

    PretrainedBackboneNodeModel() {
        super(new PortType[0], new PortType[] {ModelPortObject.TYPE}, BackboneSettings::fromConfig,
            BackboneSettings::toConfig, defaults());
    }

    /**
     * The study's network with seeded random weights (its baseline) at 224 pixels; users pick their weight file and
     * their dataset's size in the dialog. A size is needed because images from a dataset table are resized to one.
     */
    static BackboneSettings defaults() {
        return BackboneSettings.random(Architecture.KERAS_RESNET50, 0).withInputSize(224);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        BackboneSettings s = settings();
        Map<String, String> known = new LinkedHashMap<>();
        known.put("architecture", s.architecture());
        known.put("head", "none (backbone)");
        known.put("preprocessing", s.preprocessing());
        known.put("input size", s.inputSize() == 0 ? "native" : s.inputSize() + " px");
        known.put("weights", s.source().key());
        return new PortObjectSpec[] {ModelPortObjectSpec.configured(known)};
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        exec.setMessage("building the backbone");
        FileStore store = exec.createFileStore("backbone");
        Path folder = store.getFile().toPath();
        ModelDescription description = Backbones.save(settings(), folder);
        return new PortObject[] {new ModelPortObject(store, ModelPortObjectSpec.of(description))};
    }
}
