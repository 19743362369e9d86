package org.medtl.core.training;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {

    /** The scipy fixture made by tools/augmentation_reference.py (also read by FastAugmentationTest). */
    static JsonObject scipyFixture() throws java.io.IOException {
        try (InputStream in = AugmentationTest.class.getResourceAsStream("/training/augmentation_reference.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /** One fixture case's transform parameters. */
    static Augmentation.Parameters parameters(JsonObject c) {
        return new Augmentation.Parameters(c.get("theta").getAsDouble(), c.get("tx").getAsDouble(), c.get("ty").getAsDouble(),
                c.get("shear").getAsDouble(), c.get("zx").getAsDouble(), c.get("zy").getAsDouble(), c.get("flip").getAsBoolean());
    }

    /** Fixture from tools/augmentation_reference.py: Keras's matrix through scipy.ndimage.affine_transform. */
    @Test
    void matchesKerasAffineTransformThroughScipy() throws Exception {
        JsonObject ref = scipyFixture();
        int h = ref.get("height").getAsInt();
        int w = ref.get("width").getAsInt();
        float[] image = floats(ref.getAsJsonArray("image"));
        int checked = 0;
        for (JsonElement e : ref.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            Augmentation.Parameters p = parameters(c);
            float[] out = image.clone();
            Augmentation.apply(out, h, w, 3, p);
            assertArrayEquals(floats(c.getAsJsonArray("expected")), out, 2e-3f, "case " + c.get("theta") + "/" + c.get("tx"));
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    void drawsWithinTheStudyRangesAndHonoursFlipSetting() {
        Augmentation withFlip = new Augmentation(true);
        Augmentation noFlip = new Augmentation(false);
        Random r = new Random(1);
        int flips = 0;
        for (int i = 0; i < 2000; i++) {
            Augmentation.Parameters p = withFlip.draw(r, 100, 50);
            assertTrue(Math.abs(p.thetaDegrees()) <= 10);
            assertTrue(Math.abs(p.tx()) <= 10, "height shift is a fraction of the rows");
            assertTrue(Math.abs(p.ty()) <= 5, "width shift is a fraction of the columns");
            assertTrue(Math.abs(p.shearDegrees()) <= 0.1);
            assertTrue(p.zx() >= 0.9 && p.zx() <= 1.1 && p.zy() >= 0.9 && p.zy() <= 1.1);
            flips += p.flip() ? 1 : 0;
            assertFalse(noFlip.draw(r, 100, 50).flip());
        }
        assertTrue(flips > 900 && flips < 1100, "about half flipped: " + flips);
    }

    @Test
    void sameSeedSameImage() {
        float[] a = new float[8 * 8 * 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 17;
        }
        float[] b = a.clone();
        new Augmentation(true).apply(a, 8, 8, new Random(42));
        new Augmentation(true).apply(b, 8, 8, new Random(42));
        assertArrayEquals(a, b);
    }

    private static float[] floats(JsonArray array) {
        float[] f = new float[array.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = array.get(i).getAsFloat();
        }
        return f;
    }
}
