package org.medtl.core.activations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.djl.ndarray.NDManager;
import org.medtl.core.dataset.DecodedImageCache;
import org.medtl.core.dataset.ImagePipeline;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Preprocessing;
import org.medtl.core.dataset.Sample;
import org.medtl.core.dataset.Split;
import org.medtl.core.model.LayerNetwork;
import org.medtl.core.model.LayerNetworks;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.runtime.DjlRuntime;
import org.medtl.core.runtime.Progress;

/**
 * The Activation Extractor's entry point (KNIME node and headless runner). The study's stimuli are the
 * images of the evaluation fold, so when the dataset has folds one activation set is written per fold
 * (sub-folder {@code fold_<n>}) from that fold's test split, with that fold's model when the model port
 * holds fine-tuned fold models ({@code models/fold_<n>/}) and with the one model otherwise. Without folds
 * every sample is used with the one model.
 */
public final class FoldedExtraction {

    /** Sub-folder prefix of per-fold activation sets, as of fold models. */
    public static final String FOLD_FOLDER_PREFIX = ModelFolder.FOLD_FOLDER_PREFIX;

    private FoldedExtraction() {
    }

    /** Extracts activations for the manifest's images into {@code out}; returns the sets written. */
    public static List<ActivationSet> extract(Path modelPort, Manifest manifest, ExtractionSettings settings, Path out, Progress progress)
            throws IOException {
        Map<String, Path> models = models(modelPort);
        boolean perFold = manifest.foldCount() > 0;
        if (!perFold && !models.containsKey("")) {
            throw new IllegalArgumentException("The model port holds fine-tuned models of folds " + String.join(", ", models.keySet())
                    + " but the dataset has no fold columns, so it is not known which images each fold's model should see."
                    + " Connect the dataset table with its fold columns.");
        }
        List<ActivationSet> sets = new ArrayList<>();
        if (!perFold) {
            sets.add(extractOne(models.get(""), manifest.samples(), manifest.samples(), settings, out, progress));
            return sets;
        }
        Files.createDirectories(out);
        for (int f = 0; f < manifest.foldCount(); f++) {
            String fold = String.valueOf(f);
            Path model = models.containsKey("") ? models.get("") : models.get(fold);
            if (model == null) {
                continue;
            }
            List<Sample> test = manifest.samples(f, Split.TEST);
            Progress part = progress.part((double) f / manifest.foldCount(), 1.0 / manifest.foldCount());
            part.update(0, "fold " + fold + ": " + test.size() + " test images");
            // The cache holds the whole manifest, as the Fine-Tuner's does: both nodes then share one file.
            sets.add(extractOne(model, test, manifest.samples(), settings, out.resolve(FOLD_FOLDER_PREFIX + fold), part));
        }
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("None of the dataset's folds has a fine-tuned model in the model port (it holds folds "
                    + String.join(", ", models.keySet()) + ").");
        }
        return sets;
    }

    /** Extracts one activation set from one model folder for the given samples. */
    public static ActivationSet extractOne(Path modelFolder, List<Sample> samples, ExtractionSettings settings, Path out, Progress progress) {
        return extractOne(modelFolder, samples, samples, settings, out, progress);
    }

    /**
     * @param cacheSamples the samples the decoded-image cache is built for (a superset of {@code samples}, e.g. the
     *                     whole manifest, so that folds, the Fine-Tuner and this node share one cache)
     */
    static ActivationSet extractOne(Path modelFolder, List<Sample> samples, List<Sample> cacheSamples, ExtractionSettings settings,
                                    Path out, Progress progress) {
        return DjlRuntime.call(() -> {
            try (NDManager manager = NDManager.newBaseManager();
                    LayerNetwork net = LayerNetworks.of(ModelFolder.load(modelFolder, manager), manager)) {
                ModelDescription d = net.description();
                ImagePipeline pipeline = ImagePipeline.of(d.inputSize(), Preprocessing.fromKey(d.preprocessing()));
                if (settings.imageCache()) {
                    pipeline = DecodedImageCache.standard().attach(pipeline, cacheSamples, progress);
                }
                ImageSource images = ImageFiles.manifest(samples, pipeline);
                return ActivationExtractor.extract(net, images, settings, out, progress);
            }
        });
    }

    /** The model folders of a model port; see {@link ModelFolder#byFold}. */
    public static Map<String, Path> models(Path port) throws IOException {
        return ModelFolder.byFold(port);
    }
}
