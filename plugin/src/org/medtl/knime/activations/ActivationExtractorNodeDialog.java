package org.medtl.knime.activations;

import java.util.LinkedHashSet;
import java.util.List;

import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.model.Architecture;
import org.medtl.knime.base.SettingsDialog;

/** Dialog of the Activation Extractor. */
final class ActivationExtractorNodeDialog extends SettingsDialog {

    ActivationExtractorNodeDialog() {
        super(ActivationExtractorNodeModel.defaults()::toConfig);
        LinkedHashSet<String> layers = new LinkedHashSet<>();
        layers.add(ExtractionSettings.PAPER);
        for (Architecture a : Architecture.values()) {
            layers.addAll(a.paperLayers());
        }
        addList(ExtractionSettings.KEY_LAYERS, "Layers ('paper' = the study's five layers)", List.copyOf(layers), true);
        addChoice(ExtractionSettings.KEY_SPATIAL, "Spatial positions",
            List.of("all", "avgpool", "subsample:10000"));
        addChoice(ExtractionSettings.KEY_IMAGES, "Images per layer", List.of("study", "all"));
        addNumber(ExtractionSettings.KEY_CHANNELS, "Random channels per layer (0 = all)", 0, 1_000_000, 1);
        addNumber(ExtractionSettings.KEY_SEED, "Seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        addNumber(ExtractionSettings.KEY_BATCH, "Batch size", 1, 100_000, 1);
        addString(ExtractionSettings.KEY_DEVICE, "Device (auto, cpu, gpu:0)");
        addFlag(ExtractionSettings.KEY_IMAGE_CACHE, "Read images from the decoded-image cache (built once, shared with the Fine-Tuner)");
    }
}
