package org.medtl.knime.backbone;

import java.nio.file.Path;

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
import org.medtl.core.study.NodeSpecs;
import org.medtl.knime.base.SettingsNodeModel;
import org.medtl.knime.port.ModelPortObject;
import org.medtl.knime.port.ModelPortObjectSpec;

/**
 * Pretrained Backbone: builds the backbone {@link BackboneSettings} describe ({@link Backbones#save}) and keeps its
 * model folder in a file store. The optional input takes a MedTL model whose backbone becomes the weight source.
 */
final class PretrainedBackboneNodeModel extends SettingsNodeModel<BackboneSettings> {

    PretrainedBackboneNodeModel() {
        super(new PortType[] {ModelPortObject.TYPE_OPTIONAL}, new PortType[] {ModelPortObject.TYPE}, BackboneSettings::fromConfig,
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
    protected PortObjectSpec[] configureNode(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        return new PortObjectSpec[] {
            ModelPortObjectSpec.configured(NodeSpecs.backbone(settings(), inSpecs[0] != null).properties())};
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        exec.setMessage("building the backbone");
        FileStore store = exec.createFileStore("backbone");
        Path folder = store.getFile().toPath();
        // A connected model (for instance fine-tuned on a source task) is the weight source: pretrain, then transfer.
        BackboneSettings s = inObjects[0] == null ? settings()
            : settings().withModelSource(((ModelPortObject)inObjects[0]).folder());
        ModelDescription description = Backbones.save(s, folder);
        return new PortObject[] {new ModelPortObject(store, ModelPortObjectSpec.of(description))};
    }
}
