package org.medtl.core.training;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.medtl.core.dataset.DecodedImage;
import org.medtl.core.dataset.Preprocessing;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training feed's fused 8-bit path against the float augmentation it replaces (and through it, scipy). */
class FastAugmentationTest {

    /** Every draw, on grey and RGB 8-bit images and every preprocessing: the same floats, bit for bit. */
    @Test
    void fusedPathGivesTheFloatPathsValuesExactly() {
        Random data = new Random(7);
        for (int channels : new int[] {1, 3}) {
            for (Preprocessing pre : Preprocessing.values()) {
                for (int trial = 0; trial < 20; trial++) {
                    int h = 5 + data.nextInt(40);
                    int w = 5 + data.nextInt(40);
                    byte[] pixels = new byte[h * w * channels];
                    data.nextBytes(pixels);
                    DecodedImage image = new DecodedImage(pixels, h, w, channels);
                    Augmentation aug = new Augmentation(true);
                    long seed = data.nextLong();

                    float[] rgb = image.rgb();
                    aug.apply(rgb, h, w, new Random(seed));
                    float[] expected = new float[3 * h * w + 4];
                    pre.apply(rgb, h, w, expected, 4);

                    float[] fused = new float[3 * h * w + 4];
                    aug.applyInto(image, new Random(seed), pre, fused, 4);
                    assertArrayEquals(expected, fused, 0f, channels + " channel(s), " + pre.key() + ", " + h + "x" + w);
                }
            }
        }
    }

    /** The scipy fixture through the fused path, its image rounded to 8 bits first: within half a grey level. */
    @Test
    void fusedPathMatchesScipyWithinTheInputRounding() throws Exception {
        JsonObject ref = AugmentationTest.scipyFixture();
        int h = ref.get("height").getAsInt();
        int w = ref.get("width").getAsInt();
        var values = ref.getAsJsonArray("image");
        byte[] pixels = new byte[values.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.round(values.get(i).getAsDouble());
        }
        DecodedImage image = new DecodedImage(pixels, h, w, 3);
        int checked = 0;
        for (JsonElement e : ref.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            Augmentation.Parameters p = AugmentationTest.parameters(c);
            float[] chw = new float[3 * h * w];
            // torchvision keeps RGB order; undo its scaling to compare on 0-255.
            Augmentation.applyInto(image, p, Preprocessing.TORCHVISION, chw, 0);
            var expected = c.getAsJsonArray("expected");
            float[] std = {0.229f, 0.224f, 0.225f};
            float[] mean = {0.485f, 0.456f, 0.406f};
            for (int px = 0; px < h * w; px++) {
                for (int ch = 0; ch < 3; ch++) {
                    double back = (chw[ch * h * w + px] * std[ch] + mean[ch]) * 255;
                    double want = expected.get(px * 3 + ch).getAsDouble();
                    assertEquals(want, back, 0.5 + 2e-3, "case " + checked + ", pixel " + px + ", channel " + ch);
                }
            }
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    void greyImagesFillThreeEqualChannelsBeforeNormalisation() {
        byte[] pixels = new byte[12 * 10];
        new Random(3).nextBytes(pixels);
        DecodedImage grey = new DecodedImage(pixels, 12, 10, 1);
        float[] chw = new float[3 * 120];
        new Augmentation(false).applyInto(grey, new Random(5), Preprocessing.CAFFE, chw, 0);
        for (int p = 0; p < 120; p++) {
            double b = chw[p] + 103.939;
            double g = chw[120 + p] + 116.779;
            double r = chw[240 + p] + 123.68;
            assertEquals(b, g, 1e-3);
            assertEquals(g, r, 1e-3);
            assertTrue(b >= -1e-3 && b <= 255 + 1e-3);
        }
    }
}
