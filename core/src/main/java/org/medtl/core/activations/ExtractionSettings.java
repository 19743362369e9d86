package org.medtl.core.activations;

import org.medtl.core.config.Config;
import org.medtl.core.config.ConfigWriter;
import org.medtl.core.config.InvalidConfigException;

import java.util.List;
import java.util.Locale;

/**
 * Settings of the Activation Extractor node and of {@code ./medtl activations}.
 *
 * @param layers    layer names, or the single entry {@code paper} for the study's five layers
 * @param spatial   how positions become data points
 * @param channels  random channel subset size per layer; 0 keeps every channel. The subset depends only on
 *                  (seed, layer width, count), so two models with the same layer widths get the same indices
 * @param seed      seed of the channel subset and of the position subsample
 * @param images    ALL images, or STUDY: the first round(10000 / (h*w)) images per layer, as the paper did
 * @param batchSize images per forward pass
 * @param device    {@code auto}, {@code cpu}, {@code gpu:0}
 * @param imageCache read images from the decoded-image cache (building it once if needed) instead of decoding
 *                   their files; added in MedTL 0.2, so settings saved before it have no key and mean on
 */
public record ExtractionSettings(List<String> layers, Spatial spatial, int channels, long seed, ImageCount images,
                                 int batchSize, String device, boolean imageCache) {

    /** How many images each layer uses. */
    public enum ImageCount { ALL, STUDY }

    public static final String PAPER = "paper";
    public static final String KEY_LAYERS = "layers";
    public static final String KEY_SPATIAL = "spatial";
    public static final String KEY_CHANNELS = "channels";
    public static final String KEY_SEED = "seed";
    public static final String KEY_IMAGES = "images";
    public static final String KEY_BATCH = "batchSize";
    public static final String KEY_DEVICE = "device";
    public static final String KEY_IMAGE_CACHE = "imageCache";

    /** Positions the study aimed at per layer when it chose round(10000/(h*w)) images. */
    public static final int STUDY_POSITIONS = 10_000;

    public ExtractionSettings {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Setting '" + KEY_LAYERS + "' is empty: choose layers or 'paper'.");
        }
        if (spatial == null) {
            throw new IllegalArgumentException("Setting '" + KEY_SPATIAL + "' is missing.");
        }
        if (channels < 0) {
            throw new IllegalArgumentException("Setting '" + KEY_CHANNELS + "' must be 0 (all) or positive, got " + channels + ".");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Setting '" + KEY_BATCH + "' must be positive, got " + batchSize + ".");
        }
        if (images == null) {
            throw new IllegalArgumentException("Setting '" + KEY_IMAGES + "' is missing.");
        }
    }

    /** Settings with the decoded-image cache on (the default). */
    public ExtractionSettings(List<String> layers, Spatial spatial, int channels, long seed, ImageCount images, int batchSize,
                              String device) {
        this(layers, spatial, channels, seed, images, batchSize, device, true);
    }

    /** The same settings with the decoded-image cache on or off. */
    public ExtractionSettings withImageCache(boolean on) {
        return new ExtractionSettings(layers, spatial, channels, seed, images, batchSize, device, on);
    }

    /** The study's protocol: paper layers, every position, all channels (the similarity step subsamples). */
    public static ExtractionSettings study() {
        return new ExtractionSettings(List.of(PAPER), new Spatial(Spatial.Mode.ALL, 0), 0, 0, ImageCount.STUDY, 16, "auto");
    }

    public static ImageCount parseImageCount(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "all" -> ImageCount.ALL;
            case "study" -> ImageCount.STUDY;
            default -> throw new IllegalArgumentException("Setting '" + KEY_IMAGES + "' = '" + text + "': use all or study.");
        };
    }

    public static ExtractionSettings fromConfig(Config c) throws InvalidConfigException {
        try {
            return new ExtractionSettings(c.getStringList(KEY_LAYERS), Spatial.parse(c.getString(KEY_SPATIAL, "all")),
                    c.getInt(KEY_CHANNELS, 0), c.getLong(KEY_SEED, 0L),
                    parseImageCount(c.getString(KEY_IMAGES, "all")), c.getInt(KEY_BATCH, 16), c.getString(KEY_DEVICE, "auto"),
                    // Added after the first saved workflows: a missing key is theirs, and means the default.
                    !c.containsKey(KEY_IMAGE_CACHE) || c.getBoolean(KEY_IMAGE_CACHE));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage(), e);
        }
    }

    public void toConfig(ConfigWriter w) {
        w.addStringList(KEY_LAYERS, layers);
        w.addString(KEY_SPATIAL, spatial.key());
        w.addInt(KEY_CHANNELS, channels);
        w.addLong(KEY_SEED, seed);
        w.addString(KEY_IMAGES, images.name().toLowerCase(Locale.ROOT));
        w.addInt(KEY_BATCH, batchSize);
        w.addString(KEY_DEVICE, device);
        w.addBoolean(KEY_IMAGE_CACHE, imageCache);
    }
}
