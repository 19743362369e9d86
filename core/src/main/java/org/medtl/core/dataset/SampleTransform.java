package org.medtl.core.dataset;

import java.util.Random;

/**
 * A per-sample change of the resized image before normalisation (augmentation plugs in here, so training and
 * evaluation share one pipeline). Runs on decoding worker threads: implementations must be stateless or
 * thread-safe and take all randomness from {@code random}.
 */
@FunctionalInterface
public interface SampleTransform {

    /**
     * Changes {@code rgb} in place: an interleaved RGB image on 0-255, {@code rgb[(y*width + x)*3 + c]}.
     *
     * @param random seeded for this sample and this pass (same seed, same position: same draw)
     */
    void apply(float[] rgb, int height, int width, Random random);

    /**
     * Transforms an 8-bit image and writes the normalised CHW tensor into {@code dst} at {@code offset}. The
     * default goes through {@link #apply} on floats; a transform that can map 8-bit pixels straight into the batch
     * (the study's augmentation) overrides it, and must then draw the same random numbers and give the same values.
     */
    default void applyInto(DecodedImage image, Random random, Preprocessing preprocessing, float[] dst, int offset) {
        float[] rgb = image.rgb();
        apply(rgb, image.height(), image.width(), random);
        preprocessing.apply(rgb, image.height(), image.width(), dst, offset);
    }
}
