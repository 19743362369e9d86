package org.medtl.core.dataset;

import java.util.Arrays;
import java.util.Locale;

/**
 * Channel order and normalisation applied to a resized RGB image on the 0-255 scale, producing the CHW
 * float tensor a network expects. The key is what settings, {@code model.json} and the manifest tools store.
 */
public enum Preprocessing {
    /**
     * Keras {@code imagenet_utils.preprocess_input(mode="caffe")}, used for both initialisations in the study's
     * code: RGB to BGR, subtract the ImageNet means [103.939, 116.779, 123.68] (BGR order) on 0-255, no scaling.
     */
    CAFFE("caffe", true, new float[] {103.939f, 116.779f, 123.68f}, new float[] {1f, 1f, 1f}, 1f),
    /** As {@link #CAFFE}, then divided by 255: RadImageNet's own training scripts. */
    CAFFE255("caffe255", true, new float[] {103.939f, 116.779f, 123.68f}, new float[] {255f, 255f, 255f}, 1f),
    /** torchvision: RGB scaled to [0, 1], minus mean [0.485, 0.456, 0.406], divided by std [0.229, 0.224, 0.225]. */
    TORCHVISION("torchvision", false, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, 1f / 255f);

    private final String key;
    private final boolean bgr;
    /** Per output channel, in output channel order. */
    private final float[] mean;
    private final float[] divisor;
    private final float inputScale;
    /** 1 / divisor, per output channel: a multiply per value instead of a division. */
    private final float[] inverse;

    Preprocessing(String key, boolean bgr, float[] mean, float[] divisor, float inputScale) {
        this.key = key;
        this.bgr = bgr;
        this.mean = mean;
        this.divisor = divisor;
        this.inputScale = inputScale;
        this.inverse = new float[divisor.length];
        for (int c = 0; c < divisor.length; c++) {
            inverse[c] = 1f / divisor[c];
        }
    }

    public String key() {
        return key;
    }

    /** {@code "BGR"} or {@code "RGB"}: the order of the tensor's three channels. */
    public String channelOrder() {
        return bgr ? "BGR" : "RGB";
    }

    /** The mean subtracted from each output channel (after input scaling), in output channel order. */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * @throws IllegalArgumentException naming the unknown key and the known ones
     */
    public static Preprocessing fromKey(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        for (Preprocessing p : values()) {
            if (p.key.equals(k)) {
                return p;
            }
        }
        if (k.equals("caffe/255")) {
            return CAFFE255;
        }
        throw new IllegalArgumentException("Unknown preprocessing '" + key + "': use one of "
                + Arrays.stream(values()).map(Preprocessing::key).toList());
    }

    /** Which channel of an RGB image (0 = R) feeds output channel {@code outChannel} of the tensor. */
    public int sourceChannel(int outChannel) {
        return bgr ? 2 - outChannel : outChannel;
    }

    /**
     * The normalised value of output channel {@code outChannel} for a 0-255 input value: the one formula
     * {@link #apply} uses, so fused loops (augmentation writing straight into a batch) give the same bits.
     */
    public float normalise(int outChannel, float value) {
        return (value * inputScale - mean[outChannel]) * inverse[outChannel];
    }

    /** The factor 0-255 inputs are scaled by before the mean is subtracted. */
    public float inputScale() {
        return inputScale;
    }

    /** 1 / divisor of output channel {@code outChannel} (what {@link #normalise} multiplies by). */
    public float inverseDivisor(int outChannel) {
        return inverse[outChannel];
    }

    /** {@link #apply} for an 8-bit image (grey replicated to the three channels). */
    public void apply(DecodedImage image, float[] dst, int offset) {
        int plane = image.height() * image.width();
        byte[] data = image.data();
        int channels = image.channels();
        for (int c = 0; c < 3; c++) {
            int source = channels == 1 ? 0 : sourceChannel(c);
            float[] lut = new float[256];
            for (int v = 0; v < 256; v++) {
                lut[v] = normalise(c, v);
            }
            int o = offset + c * plane;
            for (int p = 0, i = source; p < plane; p++, i += channels) {
                dst[o + p] = lut[data[i] & 0xFF];
            }
        }
    }

    /**
     * Normalises an interleaved RGB image on 0-255 ({@code rgb[(y*width + x)*3 + c]}) into planar channels
     * ({@code dst[offset + c*height*width + y*width + x]}) in this preset's channel order.
     */
    public void apply(float[] rgb, int height, int width, float[] dst, int offset) {
        int plane = height * width;
        if (rgb.length < plane * 3) {
            throw new IllegalArgumentException("expected " + plane * 3 + " values for a " + height + "x" + width + " RGB image, got " + rgb.length);
        }
        for (int c = 0; c < 3; c++) {
            int source = bgr ? 2 - c : c;
            float m = mean[c];
            float inv = inverse[c];
            float scale = inputScale;
            int o = offset + c * plane;
            for (int p = 0, i = source; p < plane; p++, i += 3) {
                dst[o + p] = (rgb[i] * scale - m) * inv;
            }
        }
    }
}
