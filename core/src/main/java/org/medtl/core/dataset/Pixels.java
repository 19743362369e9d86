package org.medtl.core.dataset;

/**
 * A decoded image on the display scale 0-255 as interleaved floats ({@code data[(y*width + x)*channels + c]}),
 * 1 channel (grey) or 3 (RGB). DICOM values arrive here already through the modality and VOI transforms.
 */
record Pixels(int width, int height, int channels, float[] data) {
    Pixels {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image has no pixels (" + width + "x" + height + ")");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("expected 1 or 3 channels, got " + channels);
        }
        if (data.length != width * height * channels) {
            throw new IllegalArgumentException("expected " + width * height * channels + " values, got " + data.length);
        }
    }
}
