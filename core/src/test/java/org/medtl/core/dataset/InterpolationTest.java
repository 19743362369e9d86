package org.medtl.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class InterpolationTest {

    /** 4x4 grey ramp: value = 10*y + x. */
    private static float[] ramp() {
        float[] v = new float[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                v[y * 4 + x] = 10 * y + x;
            }
        }
        return v;
    }

    @Test
    void nearestTakesThePixelUnderEachOutputCentreAsPil() {
        // PIL: Image.fromarray(ramp).resize((2, 2), Image.NEAREST) -> source pixels 1 and 3 in each direction.
        assertArrayEquals(new float[] {11, 13, 31, 33}, Interpolation.NEAREST.resize(ramp(), 4, 4, 1, 2, 2));
        // Upsampling 2 -> 4 repeats each pixel twice.
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 1, 10, 10, 11, 11, 10, 10, 11, 11},
                Interpolation.NEAREST.resize(new float[] {0, 1, 10, 11}, 2, 2, 1, 4, 4));
    }

    @Test
    void areaHalvingAveragesTwoByTwoBlocks() {
        assertArrayEquals(new float[] {5.5f, 7.5f, 25.5f, 27.5f}, Interpolation.AREA.resize(ramp(), 4, 4, 1, 2, 2), 1e-5f);
    }

    @Test
    void bilinearReproducesALinearRampInsideTheImage() {
        float[] out = Interpolation.BILINEAR.resize(ramp(), 4, 4, 1, 2, 2);
        // Output centres fall at source 0.5 and 2.5: exactly between pixels, so the ramp's values there.
        assertArrayEquals(new float[] {5.5f, 7.5f, 25.5f, 27.5f}, out, 1e-5f);
    }

    /** tools/make_resize_fixtures.py: PIL's NEAREST and torch's bilinear (align_corners=False, no antialias). */
    @Test
    void nearestMatchesPilAndBilinearMatchesTorch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path npz = dir.resolve("reference.npz");
        try (java.io.InputStream in = getClass().getResourceAsStream("resize/reference.npz")) {
            java.nio.file.Files.copy(in, npz);
        }
        float[] src = floats(npz, "src");
        for (int[] size : new int[][] {{4, 5}, {13, 11}, {3, 9}}) {
            String key = size[0] + "x" + size[1];
            assertArrayEquals(floats(npz, "nearest_" + key), Interpolation.NEAREST.resize(src, 7, 9, 1, size[0], size[1]), "nearest " + key);
            assertArrayEquals(floats(npz, "bilinear_" + key), Interpolation.BILINEAR.resize(src, 7, 9, 1, size[0], size[1]), 1e-3f, "bilinear " + key);
        }
    }

    private static float[] floats(java.nio.file.Path npz, String entry) throws java.io.IOException {
        NumpyImages.Loaded l = NumpyImages.npzEntry(npz, entry);
        float[] out = new float[(int) l.header().elementCount()];
        l.header().toFloats(java.nio.ByteBuffer.wrap(l.data()), out, out.length);
        return out;
    }

    @Test
    void everyInterpolationKeepsAConstantImageAndChannels() {
        float[] rgb = new float[5 * 3 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = i % 3 == 0 ? 7 : i % 3 == 1 ? 100 : 250;
        }
        for (Interpolation in : Interpolation.values()) {
            float[] out = in.resize(rgb, 5, 3, 3, 7, 2);
            for (int i = 0; i < out.length; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(i % 3 == 0 ? 7 : i % 3 == 1 ? 100 : 250, out[i], 1e-4f, in.key());
            }
        }
    }
}
