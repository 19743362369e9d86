package org.medtl.core.model;

import java.util.Arrays;

/** A float32 tensor in Java memory, row-major, as read from a weight file before it goes to the engine. */
record HostTensor(long[] shape, float[] data) {

    HostTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("Tensor of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length + ".");
        }
    }

    String shapeText() {
        return Arrays.toString(shape);
    }

    /** Keras HWIO convolution kernel to PyTorch's OIHW. */
    HostTensor hwioToOihw() {
        int h = (int) shape[0];
        int w = (int) shape[1];
        int in = (int) shape[2];
        int out = (int) shape[3];
        float[] t = new float[data.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < in; i++) {
                    int src = ((y * w + x) * in + i) * out;
                    for (int o = 0; o < out; o++) {
                        t[((o * in + i) * h + y) * w + x] = data[src + o];
                    }
                }
            }
        }
        return new HostTensor(new long[] {out, in, h, w}, t);
    }

    /** Keras Dense (in, out) kernel to (out, in). */
    HostTensor transpose2d() {
        int r = (int) shape[0];
        int c = (int) shape[1];
        float[] t = new float[data.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = data[i * c + j];
            }
        }
        return new HostTensor(new long[] {c, r}, t);
    }
}
