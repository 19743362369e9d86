package org.medtl.core.similarity;

import org.medtl.core.config.Config;
import org.medtl.core.config.ConfigWriter;
import org.medtl.core.config.InvalidConfigException;

import java.util.ArrayList;
import java.util.List;

/**
 * The study's comparison protocol (STUDY.md, "Representation similarity"): per layer, {@code repeats}
 * times, pick {@code channels} random channels (the same indices in both models) and about
 * {@code positions} data points (whole images: round(positions / positions-per-image) of them, new
 * ones each repeat), compute each measure, and report mean and std over the repeats.
 *
 * @param measures         measures to compute (sharing one covariance per repeat)
 * @param layers           layers to compare; empty = every layer both activation sets have
 * @param epsilon          CCA-family epsilon (see {@link MeasureSettings}); study: 1e-12
 * @param varianceFraction SVCCA variance fraction (0.99)
 * @param directions       SVCCA fixed directions, 0 = use the fraction
 * @param channels         channels per repeat (study: 64); 0 = all channels
 * @param positions        data points per repeat (study: about 10,000); 0 = all
 * @param repeats          repeats per layer (study: 5)
 * @param seed             seed of the channel and image choices; same seed, same result
 */
public record ComparisonSettings(List<SimilarityMeasure> measures, List<String> layers, double epsilon, double varianceFraction,
        int directions, int channels, int positions, int repeats, long seed) {

    public static final String CFG_MEASURES = "measures";
    public static final String CFG_LAYERS = "layers";
    public static final String CFG_EPSILON = "epsilon";
    public static final String CFG_VARIANCE_FRACTION = "varianceFraction";
    public static final String CFG_DIRECTIONS = "directions";
    public static final String CFG_CHANNELS = "channels";
    public static final String CFG_POSITIONS = "positions";
    public static final String CFG_REPEATS = "repeats";
    public static final String CFG_SEED = "seed";

    public ComparisonSettings {
        measures = List.copyOf(measures);
        layers = List.copyOf(layers);
        if (measures.isEmpty()) {
            throw new IllegalArgumentException("setting '" + CFG_MEASURES + "': choose at least one measure");
        }
        if (channels < 0) {
            throw new IllegalArgumentException("setting '" + CFG_CHANNELS + "' must be 0 (all) or positive, got " + channels);
        }
        if (positions < 0) {
            throw new IllegalArgumentException("setting '" + CFG_POSITIONS + "' must be 0 (all) or positive, got " + positions);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("setting '" + CFG_REPEATS + "' must be at least 1, got " + repeats);
        }
        if (directions > 0 && !measures.contains(SimilarityMeasure.SVCCA)) {
            throw new IllegalArgumentException("setting '" + CFG_DIRECTIONS + "' is " + directions + ", but it applies to svcca only and '"
                    + CFG_MEASURES + "' are " + measures.stream().map(SimilarityMeasure::key).toList() + ": add svcca or set it to 0");
        }
        // Validates epsilon, fraction and directions with their own messages.
        SimilarityMeasure checked = measures.contains(SimilarityMeasure.SVCCA) ? SimilarityMeasure.SVCCA : measures.get(0);
        new MeasureSettings(checked, epsilon, varianceFraction, checked == SimilarityMeasure.SVCCA ? directions : 0);
    }

    /** The study's protocol: mean CCA, epsilon 1e-12, 64 channels, about 10,000 positions, 5 repeats. */
    public static ComparisonSettings study(long seed) {
        return new ComparisonSettings(List.of(SimilarityMeasure.CCA), List.of(), MeasureSettings.STUDY_EPSILON,
                MeasureSettings.DEFAULT_VARIANCE_FRACTION, 0, 64, 10_000, 5, seed);
    }

    /** How one measure is computed under these settings. */
    public MeasureSettings measureSettings(SimilarityMeasure measure) {
        return new MeasureSettings(measure, epsilon, varianceFraction, measure == SimilarityMeasure.SVCCA ? directions : 0);
    }

    public static ComparisonSettings fromConfig(Config c) throws InvalidConfigException {
        ComparisonSettings d = study(0);
        List<SimilarityMeasure> measures = new ArrayList<>();
        List<String> keys = c.getStringList(CFG_MEASURES, null);
        if (keys != null) {
            for (String key : keys) {
                try {
                    measures.add(SimilarityMeasure.fromKey(key));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigException("setting '" + CFG_MEASURES + "': " + e.getMessage());
                }
            }
        } else {
            measures.addAll(d.measures());
        }
        try {
            return new ComparisonSettings(measures, c.getStringList(CFG_LAYERS, List.of()),
                    c.getDouble(CFG_EPSILON, d.epsilon()), c.getDouble(CFG_VARIANCE_FRACTION, d.varianceFraction()),
                    c.getInt(CFG_DIRECTIONS, d.directions()), c.getInt(CFG_CHANNELS, d.channels()),
                    c.getInt(CFG_POSITIONS, d.positions()), c.getInt(CFG_REPEATS, d.repeats()),
                    c.getLong(CFG_SEED, d.seed()));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage(), e);
        }
    }

    public void toConfig(ConfigWriter w) {
        w.addStringList(CFG_MEASURES, measures.stream().map(SimilarityMeasure::key).toList());
        w.addStringList(CFG_LAYERS, layers);
        w.addDouble(CFG_EPSILON, epsilon);
        w.addDouble(CFG_VARIANCE_FRACTION, varianceFraction);
        w.addInt(CFG_DIRECTIONS, directions);
        w.addInt(CFG_CHANNELS, channels);
        w.addInt(CFG_POSITIONS, positions);
        w.addInt(CFG_REPEATS, repeats);
        w.addLong(CFG_SEED, seed);
    }
}
