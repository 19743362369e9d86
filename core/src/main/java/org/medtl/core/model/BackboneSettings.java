package org.medtl.core.model;

import org.medtl.core.config.Config;
import org.medtl.core.config.ConfigWriter;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.dataset.Preprocessing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the Pretrained Backbone node and of the CLI's {@code --arch/--weights/--random-seed/--preprocess}.
 *
 * @param architecture  {@link Architecture} key
 * @param source        where the weights come from
 * @param weightsFile   the weight file (null for {@link WeightSource#RANDOM})
 * @param seed          seed of random initialisation (used for {@link WeightSource#RANDOM})
 * @param preprocessing preset key: {@code caffe}, {@code caffe255} or {@code torchvision}
 * @param inputSize     square input side; 0 = feed images at their native size
 */
public record BackboneSettings(String architecture, WeightSource source, Path weightsFile, long seed,
                               String preprocessing, int inputSize) {

    public static final String KEY_ARCHITECTURE = "architecture";
    public static final String KEY_SOURCE = "weightSource";
    public static final String KEY_FILE = "weightsFile";
    public static final String KEY_SEED = "seed";
    public static final String KEY_PREPROCESSING = "preprocessing";
    public static final String KEY_INPUT_SIZE = "inputSize";


    public BackboneSettings {
        Architecture.fromKey(architecture);
        if (source == null) {
            throw new IllegalArgumentException("Setting '" + KEY_SOURCE + "' is missing.");
        }
        if (source != WeightSource.RANDOM && weightsFile == null) {
            throw new IllegalArgumentException("Setting '" + KEY_FILE + "' is empty: weight source " + source.key() + " needs a file.");
        }
        try {
            Preprocessing.fromKey(preprocessing);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting '" + KEY_PREPROCESSING + "': " + e.getMessage(), e);
        }
        if (inputSize != 0 && inputSize < Architecture.MIN_INPUT_SIZE) {
            throw new IllegalArgumentException("Setting '" + KEY_INPUT_SIZE + "' must be 0 (native size) or at least " + Architecture.MIN_INPUT_SIZE
                    + " (the smallest input " + architecture + " takes), got " + inputSize + ".");
        }
    }

    public static BackboneSettings random(Architecture a, long seed) {
        return new BackboneSettings(a.key(), WeightSource.RANDOM, null, seed, a.defaultPreprocessing(), 0);
    }

    public static BackboneSettings file(Architecture a, Path file) {
        return new BackboneSettings(a.key(), WeightSource.ofFile(file), file, 0, a.defaultPreprocessing(), 0);
    }

    public BackboneSettings withPreprocessing(String key) {
        return new BackboneSettings(architecture, source, weightsFile, seed, key, inputSize);
    }

    /**
     * The same settings with a MedTL model (a model folder or a one-fold fine-tuning output) as weight
     * source: what the Pretrained Backbone does when its optional model input is connected.
     */
    public BackboneSettings withModelSource(Path model) {
        return new BackboneSettings(architecture, WeightSource.MEDTL_MODEL, model, seed, preprocessing, inputSize);
    }

    public BackboneSettings withInputSize(int size) {
        return new BackboneSettings(architecture, source, weightsFile, seed, preprocessing, size);
    }

    public static BackboneSettings fromConfig(Config c) throws InvalidConfigException {
        try {
            String file = c.getString(KEY_FILE, "");
            return new BackboneSettings(c.getString(KEY_ARCHITECTURE), WeightSource.fromKey(c.getString(KEY_SOURCE)),
                    file.isBlank() ? null : Paths.get(file), c.getLong(KEY_SEED, 0L),
                    c.getString(KEY_PREPROCESSING), c.getInt(KEY_INPUT_SIZE, 0));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage(), e);
        }
    }

    public void toConfig(ConfigWriter w) {
        w.addString(KEY_ARCHITECTURE, architecture);
        w.addString(KEY_SOURCE, source.key());
        w.addString(KEY_FILE, weightsFile == null ? "" : weightsFile.toString());
        w.addLong(KEY_SEED, seed);
        w.addString(KEY_PREPROCESSING, preprocessing);
        w.addInt(KEY_INPUT_SIZE, inputSize);
    }

    /** The settings as provenance entries (file by name only). */
    Map<String, String> asProvenance() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_ARCHITECTURE, architecture);
        m.put(KEY_SOURCE, source.key());
        m.put(KEY_FILE, weightsFile == null ? "" : weightsFile.getFileName().toString());
        m.put(KEY_SEED, String.valueOf(seed));
        m.put(KEY_PREPROCESSING, preprocessing);
        m.put(KEY_INPUT_SIZE, String.valueOf(inputSize));
        return m;
    }

    void checkFileReadable() {
        if (weightsFile != null && !Files.isReadable(weightsFile)) {
            throw new IllegalArgumentException("Weight file " + weightsFile + " does not exist or cannot be read (setting '"
                    + KEY_FILE + "').");
        }
    }
}
