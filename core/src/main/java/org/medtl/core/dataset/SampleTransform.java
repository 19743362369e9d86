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
}
