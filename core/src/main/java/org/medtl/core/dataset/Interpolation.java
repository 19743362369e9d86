package org.medtl.core.dataset;

import java.util.Arrays;
import java.util.Locale;

/** How an image is resized to the network's input size. */
public enum Interpolation {
    /**
     * Nearest neighbour with pixel centres aligned (PIL's {@code NEAREST}, used by Keras {@code load_img}, hence
     * by the study): output pixel {@code x} takes source pixel {@code floor((x + 0.5) * W / w)}.
     */
    NEAREST("nearest"),
    /** Bilinear with pixel centres aligned and edges clamped, no anti-aliasing (OpenCV {@code INTER_LINEAR}). */
    BILINEAR("bilinear"),
    /** Mean of the source area each output pixel covers, weighted by overlap (OpenCV {@code INTER_AREA} when shrinking). */
    AREA("area");

    private final String key;

    Interpolation(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Interpolation fromKey(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        for (Interpolation i : values()) {
            if (i.key.equals(k)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unknown interpolation '" + key + "': use one of "
                + Arrays.stream(values()).map(Interpolation::key).toList());
    }

    /**
     * Resizes interleaved {@code src} (height {@code sh}, width {@code sw}, {@code c} channels) to {@code dh x dw};
     * returns {@code src} itself when the size already matches.
     */
    float[] resize(float[] src, int sh, int sw, int c, int dh, int dw) {
        if (sh == dh && sw == dw) {
            return src;
        }
        return switch (this) {
            case NEAREST -> nearest(src, sh, sw, c, dh, dw);
            case BILINEAR -> bilinear(src, sh, sw, c, dh, dw);
            case AREA -> area(src, sh, sw, c, dh, dw);
        };
    }

    static int[] nearestIndex(int source, int target) {
        int[] idx = new int[target];
        double scale = (double) source / target;
        for (int x = 0; x < target; x++) {
            idx[x] = Math.min((int) Math.floor((x + 0.5) * scale), source - 1);
        }
        return idx;
    }

    private static float[] nearest(float[] src, int sh, int sw, int c, int dh, int dw) {
        int[] ys = nearestIndex(sh, dh);
        int[] xs = nearestIndex(sw, dw);
        float[] out = new float[dh * dw * c];
        int o = 0;
        for (int y = 0; y < dh; y++) {
            int row = ys[y] * sw;
            for (int x = 0; x < dw; x++) {
                int s = (row + xs[x]) * c;
                for (int k = 0; k < c; k++) {
                    out[o++] = src[s + k];
                }
            }
        }
        return out;
    }

    private static float[] bilinear(float[] src, int sh, int sw, int c, int dh, int dw) {
        int[] x0 = new int[dw];
        int[] x1 = new int[dw];
        float[] wx = new float[dw];
        linearTaps(sw, dw, x0, x1, wx);
        int[] y0 = new int[dh];
        int[] y1 = new int[dh];
        float[] wy = new float[dh];
        linearTaps(sh, dh, y0, y1, wy);
        float[] out = new float[dh * dw * c];
        int o = 0;
        for (int y = 0; y < dh; y++) {
            int r0 = y0[y] * sw;
            int r1 = y1[y] * sw;
            float b = wy[y];
            for (int x = 0; x < dw; x++) {
                float a = wx[x];
                for (int k = 0; k < c; k++) {
                    float top = src[(r0 + x0[x]) * c + k] * (1 - a) + src[(r0 + x1[x]) * c + k] * a;
                    float bottom = src[(r1 + x0[x]) * c + k] * (1 - a) + src[(r1 + x1[x]) * c + k] * a;
                    out[o++] = top * (1 - b) + bottom * b;
                }
            }
        }
        return out;
    }

    private static void linearTaps(int source, int target, int[] i0, int[] i1, float[] w) {
        double scale = (double) source / target;
        for (int x = 0; x < target; x++) {
            double f = Math.max((x + 0.5) * scale - 0.5, 0);
            int lo = Math.min((int) Math.floor(f), source - 1);
            i0[x] = lo;
            i1[x] = Math.min(lo + 1, source - 1);
            w[x] = (float) (f - lo);
        }
    }

    private static float[] area(float[] src, int sh, int sw, int c, int dh, int dw) {
        double sy = (double) sh / dh;
        double sx = (double) sw / dw;
        float[] out = new float[dh * dw * c];
        double[] acc = new double[c];
        int o = 0;
        for (int y = 0; y < dh; y++) {
            double ya = y * sy;
            double yb = (y + 1) * sy;
            for (int x = 0; x < dw; x++) {
                double xa = x * sx;
                double xb = (x + 1) * sx;
                Arrays.fill(acc, 0);
                double total = 0;
                for (int iy = (int) Math.floor(ya); iy < Math.min(Math.ceil(yb), sh); iy++) {
                    double hy = Math.min(yb, iy + 1) - Math.max(ya, iy);
                    if (hy <= 0) {
                        continue;
                    }
                    for (int ix = (int) Math.floor(xa); ix < Math.min(Math.ceil(xb), sw); ix++) {
                        double hx = Math.min(xb, ix + 1) - Math.max(xa, ix);
                        if (hx <= 0) {
                            continue;
                        }
                        double weight = hx * hy;
                        int s = (iy * sw + ix) * c;
                        for (int k = 0; k < c; k++) {
                            acc[k] += weight * src[s + k];
                        }
                        total += weight;
                    }
                }
                for (int k = 0; k < c; k++) {
                    out[o++] = (float) (acc[k] / total);
                }
            }
        }
        return out;
    }
}
