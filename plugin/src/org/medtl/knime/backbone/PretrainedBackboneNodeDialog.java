package org.medtl.knime.backbone;

import java.util.Arrays;

import org.medtl.core.dataset.Preprocessing;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.WeightSource;
import org.medtl.knime.base.SettingsDialog;

/** Dialog of the Pretrained Backbone node; choices are the core's architecture, source and preset keys. */
final class PretrainedBackboneNodeDialog extends SettingsDialog {

    PretrainedBackboneNodeDialog() {
        super(PretrainedBackboneNodeModel.defaults()::toConfig);
        addChoice(BackboneSettings.KEY_ARCHITECTURE, "Architecture",
            Arrays.stream(Architecture.values()).map(Architecture::key).toList());
        addChoice(BackboneSettings.KEY_SOURCE, "Weight source",
            Arrays.stream(WeightSource.values()).map(WeightSource::key).toList());
        addPath(BackboneSettings.KEY_FILE, "Weight file", false, ".h5", ".hdf5", ".pth", ".pt");
        addNumber(BackboneSettings.KEY_SEED, "Seed (random weights)", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        addChoice(BackboneSettings.KEY_PREPROCESSING, "Preprocessing", Arrays.stream(Preprocessing.values()).map(Preprocessing::key).toList());
        addNumber(BackboneSettings.KEY_INPUT_SIZE, "Input size in pixels (0 = native)", 0, 4096, 16);
    }
}
