package org.medtl.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.similarity.MatrixFiles;
import org.medtl.core.similarity.MeasureSettings;
import org.medtl.core.similarity.Similarity;
import org.medtl.core.similarity.SimilarityMeasure;

/**
 * NumPy writes a transposed array in Fortran order (numpy.save(a.T)); it is the same array. A dataset image
 * stack and a similarity input stored so must give exactly what their C-order copies give.
 */
class FortranOrderNpyTest {

    @TempDir
    Path dir;

    private static final int N = 5;
    private static final int H = 6;
    private static final int W = 4;
    private static final int C = 3;

    /** Value of element (n, h, w, c): distinct for every element, so any misplaced byte changes a pixel. */
    private static int value(int n, int h, int w, int c) {
        return 1000 * n + 97 * h + 13 * w + 5 * c + 7;
    }

    /** The (N, H, W, C) uint16 stack's bytes with element (n, h, w, c) at {@code position}. */
    private static byte[] stack(boolean fortran) {
        ByteBuffer b = ByteBuffer.allocate(N * H * W * C * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < N; n++) {
            for (int h = 0; h < H; h++) {
                for (int w = 0; w < W; w++) {
                    for (int c = 0; c < C; c++) {
                        int position = fortran ? n + N * (h + H * (w + W * c)) : ((n * H + h) * W + w) * C + c;
                        b.putShort(2 * position, (short) value(n, h, w, c));
                    }
                }
            }
        }
        return b.array();
    }

    private Manifest folderDataset(String name, boolean fortran) throws Exception {
        Path root = dir.resolve(name);
        long[] shape = {N, H, W, C};
        NpyWriter.writeNpy(root.resolve("a/stack.npy"), "<u2", shape, stack(fortran), fortran);
        NpyWriter.writeNpy(root.resolve("b/stack.npy"), "<u2", shape, stack(fortran), fortran);
        return DatasetReader.read(DatasetSettings.of(root.toString()).withFolds("stratified", 2, 1)).manifest();
    }

    @Test
    void fortranOrderStackGivesTheSameImagesAsItsCOrderCopy() throws Exception {
        Manifest c = folderDataset("c-order", false);
        Manifest f = folderDataset("fortran-order", true);
        assertEquals(2 * N, c.samples().size());
        assertEquals(c.samples().stream().map(Sample::id).toList(), f.samples().stream().map(Sample::id).toList());
        ImagePipeline pipeline = new ImagePipeline(H, W, Interpolation.NEAREST, Preprocessing.CAFFE, null, null);
        for (int i = 0; i < c.samples().size(); i++) {
            assertArrayEquals(pipeline.image(c.samples().get(i)), pipeline.image(f.samples().get(i)), c.samples().get(i).id());
        }
        // And the C-order reading is the array itself: uint16 is scaled by 1/257, pixel (h=2, w=1) of image 3.
        Sample third = c.samples().stream().filter(s -> s.id().equals("a/stack.npy:3")).findFirst().orElseThrow();
        float[] img = pipeline.image(third);
        int at = (2 * W + 1) * C;
        for (int ch = 0; ch < C; ch++) {
            assertEquals(value(3, 2, 1, ch) / 257f, img[at + ch], 1e-3f, "channel " + ch);
        }
    }

    @Test
    void fortranOrderNpzEntryGivesTheSameImagesAsItsCOrderCopy() throws Exception {
        long[] shape = {N, H, W, C};
        byte[] labels = {0, 1, 0, 1, 0};
        for (boolean fortran : List.of(false, true)) {
            Map<String, byte[]> arrays = new LinkedHashMap<>();
            for (String split : List.of("train", "val", "test")) {
                arrays.put(split + "_images", NpyWriter.npy("<u2", shape, stack(fortran), fortran));
                arrays.put(split + "_labels", NpyWriter.npy("|u1", new long[] {N, 1}, labels));
            }
            NpyWriter.writeNpz(dir.resolve((fortran ? "f" : "c") + ".npz"), arrays, true);
        }
        ImagePipeline pipeline = new ImagePipeline(H, W, Interpolation.NEAREST, Preprocessing.CAFFE, null, null);
        List<Sample> c = DatasetReader.read(DatasetSettings.of(dir.resolve("c.npz").toString()).withFolds("given", 5, 0)).manifest().samples();
        List<Sample> f = DatasetReader.read(DatasetSettings.of(dir.resolve("f.npz").toString()).withFolds("given", 5, 0)).manifest().samples();
        assertEquals(3 * N, c.size());
        for (int i = 0; i < c.size(); i++) {
            assertArrayEquals(pipeline.image(c.get(i)), pipeline.image(f.get(i)), c.get(i).id());
        }
    }

    @Test
    void fortranOrderMatrixGivesTheSameSimilarityAsItsCOrderCopy() throws Exception {
        int points = 40;
        int neurons = 6;
        ByteBuffer cx = ByteBuffer.allocate(points * neurons * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer fx = ByteBuffer.allocate(points * neurons * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer y = ByteBuffer.allocate(points * neurons * 8).order(ByteOrder.LITTLE_ENDIAN);
        java.util.Random rnd = new java.util.Random(3);
        for (int p = 0; p < points; p++) {
            for (int j = 0; j < neurons; j++) {
                double v = rnd.nextGaussian();
                cx.putDouble(8 * (p * neurons + j), v);
                fx.putDouble(8 * (p + points * j), v);
                y.putDouble(8 * (p * neurons + j), v * (j + 1) + rnd.nextGaussian());
            }
        }
        long[] shape = {points, neurons};
        NpyWriter.writeNpy(dir.resolve("x-c.npy"), "<f8", shape, cx.array());
        NpyWriter.writeNpy(dir.resolve("x-f.npy"), "<f8", shape, fx.array(), true);
        NpyWriter.writeNpy(dir.resolve("y.npy"), "<f8", shape, y.array());
        for (SimilarityMeasure measure : List.of(SimilarityMeasure.CCA, SimilarityMeasure.CKA)) {
            MeasureSettings s = new MeasureSettings(measure, MeasureSettings.STUDY_EPSILON, 0.99, 0);
            double fromC = Similarity.compute(MatrixFiles.read(dir.resolve("x-c.npy"), false), MatrixFiles.read(dir.resolve("y.npy"), false), s).value();
            double fromF = Similarity.compute(MatrixFiles.read(dir.resolve("x-f.npy"), false), MatrixFiles.read(dir.resolve("y.npy"), false), s).value();
            assertEquals(fromC, fromF, 0.0, measure.key());
        }
    }
}
