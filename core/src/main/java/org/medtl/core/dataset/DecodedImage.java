package org.medtl.core.dataset;

/**
 * One image as the pipeline stores it between decoding and augmentation: unsigned 8-bit values at the training
 * resolution, after the modality/VOI transform and the resize, interleaved ({@code data[(y*width + x)*channels + c]}),
 * 1 channel (grey, replicated to RGB only when the tensor is written) or 3 (RGB). This is what Keras's
 * {@code load_img} hands the study's {@code ImageDataGenerator}, and what the decoded-image cache holds.
 */
public record DecodedImage(byte[] data, int height, int width, int channels) {

    public DecodedImage {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("expected 1 or 3 channels, got " + channels);
        }
        if (data.length != height * width * channels) {
            throw new IllegalArgumentException("expected " + height * width * channels + " bytes, got " + data.length);
        }
    }

    /** Value of pixel {@code p} ({@code y*width + x}) in channel {@code c} (0-2; grey images answer any). */
    public int value(int p, int c) {
        return data[channels == 1 ? p : p * 3 + c] & 0xFF;
    }

    /**
     * Rounds display-scale floats (0-255, possibly fractional after a VOI window or an interpolating resize) to
     * the nearest integer, clamped to 0-255; integral values (8-bit files, nearest-neighbour resize) pass unchanged.
     */
    static DecodedImage quantise(float[] values, int height, int width, int channels) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            int q = v >= 255f ? 255 : v > 0f ? (int) (v + 0.5f) : 0;
            out[i] = (byte) q;
        }
        return new DecodedImage(out, height, width, channels);
    }

    /** Interleaved RGB floats on 0-255, grey replicated: what a {@link SampleTransform} works on. */
    public float[] rgb() {
        int plane = height * width;
        float[] rgb = new float[plane * 3];
        for (int p = 0, o = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                rgb[o++] = value(p, c);
            }
        }
        return rgb;
    }
}
