package org.medtl.core.activations;

import java.io.IOException;

/** Stimulus images in a fixed order, each already preprocessed for the network. */
public interface ImageSource {

    int size();

    /** Stable id of image {@code index}: the row order key of an activation set. */
    String id(int index);

    /** Image {@code index} as (3, H, W) float32 values after resizing and preprocessing. */
    Image load(int index) throws IOException;

    /** A preprocessed image, channel-major. */
    record Image(int height, int width, float[] chw) {
        public Image {
            if (chw.length != 3 * height * width) {
                throw new IllegalArgumentException("Expected 3 x " + height + " x " + width + " values, got " + chw.length + ".");
            }
        }
    }
}
