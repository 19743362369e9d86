package org.medtl.knime.base;

import java.nio.file.Path;

import ai.djl.ndarray.NDManager;

import org.medtl.core.activations.ActivationExtractor;
import org.medtl.core.activations.ActivationSet;
import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.ImageSource;
import org.medtl.core.activations.Progress;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.model.LayerNetwork;
import org.medtl.core.model.LayerNetworks;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.runtime.DjlRuntime;

/**
 * The model capability's entry points take an {@link NDManager} the caller owns; its CLI commands open one inside
 * {@link DjlRuntime#call} around each call, and these two methods do exactly the same for the nodes. They hold no
 * computation and are meant to move into the core (as {@code Backbones.save(settings, folder)} and
 * {@code ActivationExtractor.extract(modelFolder, images, settings, out, progress)}) so that the node and the CLI
 * share them; until then this is the plugin's only use of a DJL type.
 */
public final class ModelRuns {

    private ModelRuns() {
    }

    /** Builds the backbone the settings describe and saves it as a model folder at {@code folder}. */
    public static ModelDescription saveBackbone(BackboneSettings settings, Path folder) {
        return DjlRuntime.call(() -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                ModelFolder.Loaded loaded = Backbones.load(settings, manager);
                ModelFolder.save(folder, loaded.description(), loaded.backbone());
                return loaded.description();
            }
        });
    }

    /** Extracts activations of the model folder's network for {@code images} into {@code out}. */
    public static ActivationSet extract(Path modelFolder, ImageSourceFactory images, ExtractionSettings settings,
        Path out, Progress progress) {
        return DjlRuntime.call(() -> {
            try (NDManager manager = NDManager.newBaseManager();
                    LayerNetwork net = LayerNetworks.of(ModelFolder.load(modelFolder, manager), manager)) {
                return ActivationExtractor.extract(net, images.open(net.description()), settings, out, progress);
            }
        });
    }

    /** Opens the images once the network's preprocessing and input size are known. */
    @FunctionalInterface
    public interface ImageSourceFactory {
        ImageSource open(ModelDescription model) throws java.io.IOException;
    }
}
