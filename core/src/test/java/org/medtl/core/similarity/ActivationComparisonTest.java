package org.medtl.core.similarity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;
import org.medtl.core.io.Npy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationComparisonTest {

    static final int IMAGES = 30;

    /** Writes an activation set; {@code order} lists which source image goes to each position. */
    static Path write(Path dir, String name, float[][][] perImage, int[] order, String[] ids) throws IOException {
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        String[] layers = {"conv", "fc"};
        for (int l = 0; l < layers.length; l++) {
            int rowsPerImage = l == 0 ? 4 : 1;
            int channels = l == 0 ? 10 : 6;
            float[] data = new float[order.length * rowsPerImage * channels];
            for (int i = 0; i < order.length; i++) {
                float[] src = perImage[l][order[i]];
                System.arraycopy(src, 0, data, i * src.length, src.length);
            }
            Npy.write(folder.resolve(layers[l] + ".npy"), Npy.Array.float32(data, order.length * rowsPerImage, channels));
        }
        StringBuilder json = new StringBuilder("{\"model\": \"" + name + "\", \"fold\": \"2\", \"image_ids\": [");
        for (int i = 0; i < order.length; i++) {
            json.append(i > 0 ? ", " : "").append('"').append(ids[order[i]]).append('"');
        }
        json.append("], \"layers\": [{\"name\": \"conv\", \"file\": \"conv.npy\"}, \"fc\"]}");
        Files.writeString(folder.resolve(ActivationFolder.DESCRIPTOR), json);
        return folder;
    }

    static float[][][] activations(long seed) {
        Random r = new Random(seed);
        float[][][] a = new float[2][IMAGES][];
        for (int i = 0; i < IMAGES; i++) {
            a[0][i] = new float[4 * 10];
            a[1][i] = new float[6];
            for (int k = 0; k < a[0][i].length; k++) {
                a[0][i][k] = (float) Math.max(0, r.nextGaussian());
            }
            for (int k = 0; k < 6; k++) {
                a[1][i][k] = (float) r.nextGaussian();
            }
        }
        return a;
    }

    static String[] ids() {
        String[] ids = new String[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            ids[i] = "img" + i;
        }
        return ids;
    }

    static int[] identity() {
        int[] o = new int[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            o[i] = i;
        }
        return o;
    }

    static ComparisonSettings settings(long seed) {
        return new ComparisonSettings(List.of(SimilarityMeasure.CCA, SimilarityMeasure.CKA), List.of(), 1e-12, 0.99, 0, 5, 40, 3, seed);
    }

    @Test
    void sameActivationsInAnotherImageOrderGiveOne(@TempDir Path dir) throws IOException {
        float[][][] acts = activations(1);
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            perm.add((i * 7) % IMAGES);
        }
        int[] order = perm.stream().mapToInt(Integer::intValue).toArray();
        Path a = write(dir, "a", acts, identity(), ids());
        Path b = write(dir, "b", acts, order, ids());
        ComparisonResult r = ActivationComparison.compare(a, b, settings(7), null);
        assertEquals(4, r.rows().size());
        for (LayerSimilarity row : r.rows()) {
            assertEquals(1.0, row.mean(), 1e-9, row.layer() + " " + row.measure());
            assertEquals(3, row.repeats());
            assertEquals("2", row.fold());
        }
        LayerSimilarity conv = r.rows().get(0);
        assertEquals("conv", conv.layer());
        assertEquals(40, conv.dataPoints()); // round(40 / 4) = 10 images x 4 positions
        assertEquals(5, conv.neuronsX());
        LayerSimilarity fc = r.rows().get(2);
        assertEquals(IMAGES, fc.dataPoints()); // 40 wanted, 30 images available
        assertEquals(5, fc.neuronsX());
        assertEquals("a", r.provenanceA().get("model"));
    }

    @Test
    void seededAndReproducibleWithMeanAndStdOverRepeatsAndFolds(@TempDir Path dir) throws IOException {
        Path a = write(dir, "a", activations(3), identity(), ids());
        Path b = write(dir, "b", activations(4), identity(), ids());
        Path sa = a;
        Path sb = b;
        ComparisonResult r1 = ActivationComparison.compare(sa, sb, settings(11), null);
        ComparisonResult r2 = ActivationComparison.compare(sa, sb, settings(11), null);
        ComparisonResult r3 = ActivationComparison.compare(sa, sb, settings(12), null);
        LayerSimilarity conv = r1.rows().get(0);
        assertArrayEquals(conv.values(), r2.rows().get(0).values(), 0);
        assertNotEquals(conv.mean(), r3.rows().get(0).mean());
        double[] v = conv.values();
        double mean = (v[0] + v[1] + v[2]) / 3;
        assertEquals(mean, conv.mean(), 1e-15);
        double var = ((v[0] - mean) * (v[0] - mean) + (v[1] - mean) * (v[1] - mean) + (v[2] - mean) * (v[2] - mean)) / 2;
        assertEquals(Math.sqrt(var), conv.std(), 1e-15);
        assertTrue(conv.mean() < 0.9);
        List<LayerSimilarity> folds = ActivationComparison.overFolds(List.of(r1, r3));
        assertEquals(4, folds.size());
        assertEquals((r1.rows().get(0).mean() + r3.rows().get(0).mean()) / 2, folds.get(0).mean(), 1e-15);
    }

    @Test
    void differentImagesAreRejected(@TempDir Path dir) throws IOException {
        String[] other = ids();
        other[5] = "someone-else";
        Path a = write(dir, "a", activations(5), identity(), ids());
        Path b = write(dir, "b", activations(5), identity(), other);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationComparison.compare(a, b, settings(1), null));
        assertTrue(e.getMessage().contains("img5"), e.getMessage());
    }

    @Test
    void tooFewPositionsForCcaNamesTheLayer(@TempDir Path dir) throws IOException {
        Path a = write(dir, "a", activations(5), identity(), ids());
        ComparisonSettings s = new ComparisonSettings(List.of(SimilarityMeasure.CCA), List.of("conv"), 1e-12, 0.99, 0, 10, 4, 1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationComparison.compare(a, a, s, null));
        assertTrue(e.getMessage().contains("layer 'conv'") && e.getMessage().contains("degenerates"), e.getMessage());
    }

    @Test
    void settingsRoundTripThroughConfig() throws InvalidConfigException {
        ComparisonSettings s = new ComparisonSettings(List.of(SimilarityMeasure.SVCCA, SimilarityMeasure.CKA_DEBIASED), List.of("conv1_relu"),
                1e-10, 0.95, 0, 32, 5000, 4, 99);
        MapConfig c = new MapConfig();
        s.toConfig(c);
        assertEquals(s, ComparisonSettings.fromConfig(c));
        c.addInt(ComparisonSettings.CFG_REPEATS, 0);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ComparisonSettings.fromConfig(c));
        assertTrue(e.getMessage().contains("repeats"), e.getMessage());
        assertEquals(ComparisonSettings.study(0), ComparisonSettings.fromConfig(new MapConfig()));
    }

    /** The layout org.medtl.core.activations writes: per-layer image count, positions per image, channel indices. */
    static Path writeExtractorLayout(Path dir, String name, int[] perImage, float[] data, int channels) throws IOException {
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        int rows = java.util.Arrays.stream(perImage).sum();
        Npy.write(folder.resolve("conv5_block3_out.npy"), Npy.Array.float32(data, rows, channels));
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ids.append(i > 0 ? ", " : "").append("\"p").append(i).append(".png\"");
        }
        String per = java.util.Arrays.toString(perImage);
        Files.writeString(folder.resolve(ActivationFolder.DESCRIPTOR), "{\"formatVersion\": 1, \"model\": {\"architecture\": \""
                + name + "\"}, \"image_ids\": [" + ids + "], \"layers\": [{\"name\": \"conv5_block3_out\", \"file\": "
                + "\"conv5_block3_out.npy\", \"rows\": " + rows + ", \"columns\": " + channels + ", \"channels\": 2048, "
                + "\"height\": 4, \"width\": 4, \"images\": " + perImage.length + ", \"positionsPerImage\": " + per
                + ", \"channelIndices\": [3, 17, 40, 41, 99, 1000]}]}");
        return folder;
    }

    @Test
    void readsTheExtractorsLayoutWithSubsampledPositions(@TempDir Path dir) throws IOException {
        int[] perImage = {3, 2, 4, 1, 3, 2};
        Random r = new Random(21);
        float[] data = new float[15 * 6];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        Path a = writeExtractorLayout(dir, "keras-resnet50", perImage, data, 6);
        Path b = writeExtractorLayout(dir, "radimagenet", perImage, data, 6);
        ComparisonSettings s = new ComparisonSettings(List.of(SimilarityMeasure.CKA), List.of(), 1e-12, 0.99, 0, 4, 9, 2, 3);
        ComparisonResult res = ActivationComparison.compare(a, b, s, null);
        LayerSimilarity row = res.rows().get(0);
        assertEquals(1.0, row.mean(), 1e-12);
        assertEquals(4, row.neuronsX());
        assertEquals("radimagenet", res.provenanceB().get("model.architecture"));
        Path c = writeExtractorLayout(dir, "other", new int[] {3, 2, 4, 2, 2, 2}, data, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActivationComparison.compare(a, c, s, null));
        assertTrue(e.getMessage().contains("positions"), e.getMessage());
    }
}
