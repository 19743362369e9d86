package org.medtl.core.dataset;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.medtl.core.config.Config;
import org.medtl.core.config.ConfigWriter;
import org.medtl.core.config.InvalidConfigException;

/**
 * Settings of the Medical Dataset Reader (node and {@code ./medtl dataset}); config keys are the record's
 * component names.
 *
 * @param source         folder, table (.csv/.tsv), .npz, .npy or .h5 to read
 * @param preset         {@code auto} (by what {@code source} is) or a study preset: {@code thyroid}, {@code breast},
 *                       {@code chest}, {@code mammograms}, {@code knee}, {@code isic}, {@code pcam-small}
 * @param pathColumn     table column with image paths (relative to the table)
 * @param labelColumn    table column with labels
 * @param groupColumn    table column with patient/group ids, {@code ""} for none
 * @param splitColumn    table column with train/val/test or fold numbers, {@code ""} for none (needs scheme {@code given})
 * @param patientPattern regular expression on file names whose first group is the patient id (folder sources), {@code ""} for none
 * @param classNames     names for numeric labels 0..C-1 (NumPy/HDF5 labels); empty keeps the numbers
 * @param scheme         {@code auto} (nested-group when samples have patients, else nested) or a {@link FoldScheme} key
 * @param folds          number of folds (outer parts)
 * @param seed           seed of every random choice (folds, PCam sampling)
 * @param onProblem      {@code fail}: any problem fails with the full list; {@code skip}: problems are reported and left out
 * @param verify         decode every sample once while reading, to find damaged files before training does
 * @param windowCenter   DICOM VOI window centre used instead of the files' own, NaN for the files' own
 * @param windowWidth    DICOM VOI window width (with windowCenter)
 * @param threads        decoding threads for verification, 0 = one per processor
 * @param pcamSamples    patches the {@code pcam-small} preset samples
 * @param kneeSlices     slices per exam for the {@code knee} preset: the middle n, 0 = all
 * @param imageCacheInputSize build the decoded-image cache ({@link DecodedImageCache}) at this input size (pixels,
 *                       square) after reading, as the GPU Fine-Tuner and the Activation Extractor with this input
 *                       size decode; 0 (the default) builds none. Added after the first saved workflows, whose
 *                       settings lack it and mean 0
 */
public record DatasetSettings(String source, String preset, String pathColumn, String labelColumn, String groupColumn,
                              String splitColumn, String patientPattern, List<String> classNames, String scheme, int folds,
                              long seed, String onProblem, boolean verify, double windowCenter, double windowWidth, int threads,
                              int pcamSamples, int kneeSlices, int imageCacheInputSize) {

    public static final List<String> PRESETS = List.of("auto", "thyroid", "breast", "chest", "mammograms", "knee", "isic", "pcam-small",
            "synthetic-natural", "synthetic-radiology", "synthetic-ultrasound");

    /** Config key of {@link #imageCacheInputSize}; {@code ./medtl dataset --build-image-cache SIZE}. */
    public static final String KEY_IMAGE_CACHE_INPUT_SIZE = "imageCacheInputSize";

    public DatasetSettings {
        classNames = List.copyOf(classNames);
    }

    /** Defaults for a source: preset auto, columns path/label, scheme auto, 5 folds, seed 0, fail on problems, verify. */
    /** Patches {@code pcam-small} samples unless told otherwise: the study's count. */
    public static final int DEFAULT_PCAM_SAMPLES = 10_000;

    public static DatasetSettings of(String source) {
        return new DatasetSettings(source, "auto", "path", "label", "", "", "", List.of(), "auto", 5, 0, "fail", true,
                Double.NaN, Double.NaN, 0, DEFAULT_PCAM_SAMPLES, 0, 0);
    }

    public DatasetSettings withPreset(String p) {
        return new DatasetSettings(source, p, pathColumn, labelColumn, groupColumn, splitColumn, patientPattern, classNames, scheme, folds,
                seed, onProblem, verify, windowCenter, windowWidth, threads, pcamSamples, kneeSlices, imageCacheInputSize);
    }

    public DatasetSettings withFolds(String newScheme, int newFolds, long newSeed) {
        return new DatasetSettings(source, preset, pathColumn, labelColumn, groupColumn, splitColumn, patientPattern, classNames, newScheme,
                newFolds, newSeed, onProblem, verify, windowCenter, windowWidth, threads, pcamSamples, kneeSlices, imageCacheInputSize);
    }

    public DatasetSettings withColumns(String path, String label, String group, String split) {
        return new DatasetSettings(source, preset, path, label, group, split, patientPattern, classNames, scheme, folds, seed, onProblem,
                verify, windowCenter, windowWidth, threads, pcamSamples, kneeSlices, imageCacheInputSize);
    }

    public DatasetSettings withProblems(String newOnProblem, boolean newVerify) {
        return new DatasetSettings(source, preset, pathColumn, labelColumn, groupColumn, splitColumn, patientPattern, classNames, scheme, folds,
                seed, newOnProblem, newVerify, windowCenter, windowWidth, threads, pcamSamples, kneeSlices, imageCacheInputSize);
    }

    public DatasetSettings withPatientPattern(String pattern) {
        return new DatasetSettings(source, preset, pathColumn, labelColumn, groupColumn, splitColumn, pattern, classNames, scheme, folds,
                seed, onProblem, verify, windowCenter, windowWidth, threads, pcamSamples, kneeSlices, imageCacheInputSize);
    }

    public DatasetSettings withClassNames(List<String> names) {
        return new DatasetSettings(source, preset, pathColumn, labelColumn, groupColumn, splitColumn, patientPattern, names, scheme, folds,
                seed, onProblem, verify, windowCenter, windowWidth, threads, pcamSamples, kneeSlices, imageCacheInputSize);
    }

    public DatasetSettings withWindow(double center, double width) {
        return new DatasetSettings(source, preset, pathColumn, labelColumn, groupColumn, splitColumn, patientPattern, classNames, scheme, folds,
                seed, onProblem, verify, center, width, threads, pcamSamples, kneeSlices, imageCacheInputSize);
    }

    public DatasetSettings withPresetOptions(int newPcamSamples, int newKneeSlices) {
        return new DatasetSettings(source, preset, pathColumn, labelColumn, groupColumn, splitColumn, patientPattern, classNames, scheme, folds,
                seed, onProblem, verify, windowCenter, windowWidth, threads, newPcamSamples, newKneeSlices, imageCacheInputSize);
    }

    public DatasetSettings withThreads(int n) {
        return new DatasetSettings(source, preset, pathColumn, labelColumn, groupColumn, splitColumn, patientPattern, classNames, scheme, folds,
                seed, onProblem, verify, windowCenter, windowWidth, n, pcamSamples, kneeSlices, imageCacheInputSize);
    }

    /** The same settings building the decoded-image cache at input size {@code size} after reading (0: none). */
    public DatasetSettings withImageCache(int size) {
        return new DatasetSettings(source, preset, pathColumn, labelColumn, groupColumn, splitColumn, patientPattern, classNames, scheme, folds,
                seed, onProblem, verify, windowCenter, windowWidth, threads, pcamSamples, kneeSlices, size);
    }

    /** The DICOM window of the settings, or {@code null} for the files' own. */
    public Window window() {
        return Double.isNaN(windowCenter) ? null : new Window(windowCenter, windowWidth);
    }

    /** {@code null} for {@code auto}. */
    public FoldScheme foldScheme() {
        return scheme.equals("auto") ? null : FoldScheme.fromKey(scheme);
    }

    public boolean skipProblems() {
        return onProblem.equals("skip");
    }

    /** Reads and validates settings; messages name the setting. */
    public static DatasetSettings fromConfig(Config c) throws InvalidConfigException {
        DatasetSettings d = of("");
        DatasetSettings s = new DatasetSettings(
                c.getString("source"),
                c.getString("preset", d.preset()),
                c.getString("pathColumn", d.pathColumn()),
                c.getString("labelColumn", d.labelColumn()),
                c.getString("groupColumn", d.groupColumn()),
                c.getString("splitColumn", d.splitColumn()),
                c.getString("patientPattern", d.patientPattern()),
                c.getStringList("classNames", List.of()),
                c.getString("scheme", d.scheme()),
                c.getInt("folds", d.folds()),
                c.getLong("seed", d.seed()),
                c.getString("onProblem", d.onProblem()),
                c.getBoolean("verify", d.verify()),
                c.getDouble("windowCenter", d.windowCenter()),
                c.getDouble("windowWidth", d.windowWidth()),
                c.getInt("threads", d.threads()),
                c.getInt("pcamSamples", d.pcamSamples()),
                c.getInt("kneeSlices", d.kneeSlices()),
                // Added after the first saved workflows: a missing key is theirs, and means no cache is built.
                c.containsKey(KEY_IMAGE_CACHE_INPUT_SIZE) ? c.getInt(KEY_IMAGE_CACHE_INPUT_SIZE) : d.imageCacheInputSize());
        s.validate();
        return s;
    }

    public void toConfig(ConfigWriter w) {
        w.addString("source", source);
        w.addString("preset", preset);
        w.addString("pathColumn", pathColumn);
        w.addString("labelColumn", labelColumn);
        w.addString("groupColumn", groupColumn);
        w.addString("splitColumn", splitColumn);
        w.addString("patientPattern", patientPattern);
        w.addStringList("classNames", classNames);
        w.addString("scheme", scheme);
        w.addInt("folds", folds);
        w.addLong("seed", seed);
        w.addString("onProblem", onProblem);
        w.addBoolean("verify", verify);
        w.addDouble("windowCenter", windowCenter);
        w.addDouble("windowWidth", windowWidth);
        w.addInt("threads", threads);
        w.addInt("pcamSamples", pcamSamples);
        w.addInt("kneeSlices", kneeSlices);
        w.addInt(KEY_IMAGE_CACHE_INPUT_SIZE, imageCacheInputSize);
    }

    /** @throws InvalidConfigException naming the first unusable setting and what to do */
    public void validate() throws InvalidConfigException {
        if (source == null || source.isBlank()) {
            throw new InvalidConfigException("Setting 'source' is empty: choose the dataset folder or file.");
        }
        if (!PRESETS.contains(preset)) {
            throw new InvalidConfigException("Setting 'preset' is '" + preset + "'; use one of " + PRESETS + ".");
        }
        if (preset.startsWith("synthetic-")) {
            try {
                org.medtl.core.dataset.synthetic.SyntheticDatasets.parseSpec(source);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(e.getMessage());
            }
        }
        if (!scheme.equals("auto")) {
            try {
                FoldScheme.fromKey(scheme);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("Setting 'scheme': " + e.getMessage() + " (or auto).");
            }
        }
        if (folds < 2 && !scheme.equals("given")) {
            throw new InvalidConfigException("Setting 'folds' must be at least 2, got " + folds + ".");
        }
        if (!classNames.isEmpty() && !preset.equals("auto") && !preset.equals("pcam-small")) {
            throw new InvalidConfigException("Setting 'classNames' (--class-names) names numeric labels of NumPy and PCam sources; preset '" + preset
                    + "' names its classes itself, so the names would be ignored. Clear 'classNames'.");
        }
        if (!onProblem.equals("fail") && !onProblem.equals("skip")) {
            throw new InvalidConfigException("Setting 'onProblem' must be 'fail' or 'skip', got '" + onProblem + "'.");
        }
        if (!splitColumn.isEmpty() && !scheme.equals("given")) {
            throw new InvalidConfigException("Setting 'splitColumn' is '" + splitColumn + "' but 'scheme' is '" + scheme
                    + "': choose scheme 'given' to use the column, or clear the column.");
        }
        if (!Double.isNaN(windowCenter) && !(windowWidth >= 1)) {
            throw new InvalidConfigException("Setting 'windowWidth' must be at least 1 when 'windowCenter' is set, got " + windowWidth + ".");
        }
        if (!patientPattern.isEmpty()) {
            try {
                if (Pattern.compile(patientPattern).matcher("").groupCount() < 1) {
                    throw new InvalidConfigException("Setting 'patientPattern' needs a capturing group for the patient id, e.g. person(\\d+)_");
                }
            } catch (PatternSyntaxException e) {
                throw new InvalidConfigException("Setting 'patientPattern' is not a regular expression: " + e.getDescription());
            }
        }
        if (threads < 0) {
            throw new InvalidConfigException("Setting 'threads' must be 0 (one per processor) or more, got " + threads + ".");
        }
        if (pcamSamples < 1) {
            throw new InvalidConfigException("Setting 'pcamSamples' (--pcam-samples) must be at least 1, got " + pcamSamples + ".");
        }
        if (kneeSlices < 0) {
            throw new InvalidConfigException("Setting 'kneeSlices' (--knee-slices) must be 0 (all slices) or more, got " + kneeSlices + ".");
        }
        if (imageCacheInputSize != 0 && imageCacheInputSize < org.medtl.core.model.Architecture.MIN_INPUT_SIZE) {
            throw new InvalidConfigException("Setting '" + KEY_IMAGE_CACHE_INPUT_SIZE + "' (--build-image-cache) must be 0 (build no"
                    + " decoded-image cache) or the GPU Fine-Tuner's input size, at least " + org.medtl.core.model.Architecture.MIN_INPUT_SIZE
                    + " pixels, got " + imageCacheInputSize + ".");
        }
        // Both are stored with every reader's settings, so only a changed value can be one the user expects to act.
        if (pcamSamples != DEFAULT_PCAM_SAMPLES && !preset.equals("pcam-small")) {
            throw new InvalidConfigException("Setting 'pcamSamples' (--pcam-samples) is " + pcamSamples + ", but it applies to preset 'pcam-small'"
                    + " only and preset is '" + preset + "', so it would be ignored. Choose preset 'pcam-small', or set it back to "
                    + DEFAULT_PCAM_SAMPLES + ".");
        }
        if (kneeSlices != 0 && !preset.equals("knee")) {
            throw new InvalidConfigException("Setting 'kneeSlices' (--knee-slices) is " + kneeSlices + ", but it applies to preset 'knee' only and"
                    + " preset is '" + preset + "', so it would be ignored. Choose preset 'knee', or set it back to 0.");
        }
    }
}
