package org.medtl.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PreprocessingTest {

    /** One pixel R=10, G=20, B=30 and one R=255, G=0, B=128. */
    private static final float[] RGB = {10, 20, 30, 255, 0, 128};

    @Test
    void caffeIsBgrMinusImagenetMeansOnThe255Scale() {
        float[] out = new float[6];
        Preprocessing.CAFFE.apply(RGB, 1, 2, out, 0);
        assertArrayEquals(new float[] {30 - 103.939f, 128 - 103.939f, 20 - 116.779f, 0 - 116.779f, 10 - 123.68f, 255 - 123.68f}, out, 1e-4f);
    }

    @Test
    void caffe255DividesTheCaffeValuesBy255() {
        float[] caffe = new float[6];
        float[] scaled = new float[6];
        Preprocessing.CAFFE.apply(RGB, 1, 2, caffe, 0);
        Preprocessing.CAFFE255.apply(RGB, 1, 2, scaled, 0);
        for (int i = 0; i < 6; i++) {
            assertEquals(caffe[i] / 255f, scaled[i], 1e-6f);
        }
    }

    @Test
    void torchvisionMatchesToTensorThenNormalize() {
        float[] out = new float[7];
        Preprocessing.TORCHVISION.apply(RGB, 2, 1, out, 1);
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 2; p++) {
                assertEquals((RGB[p * 3 + c] / 255f - mean[c]) / std[c], out[1 + c * 2 + p], 1e-5f);
            }
        }
        assertEquals(0f, out[0]);
    }

    @Test
    void keysRoundTrip() {
        for (Preprocessing p : Preprocessing.values()) {
            assertEquals(p, Preprocessing.fromKey(p.key()));
        }
        assertEquals(Preprocessing.CAFFE255, Preprocessing.fromKey("Caffe/255"));
    }
}
