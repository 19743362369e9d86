package org.medtl.core.activations;

import org.medtl.core.runtime.Progress;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.io.Npy;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.model.LayerNetwork;
import org.medtl.core.model.LayerNetworks;
import org.medtl.core.model.ResNetSpec;
import org.medtl.core.model.WeightSource;
import org.medtl.core.runtime.DjlRuntime;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationExtractorTest {

    static final ResNetSpec KERAS_TINY = new ResNetSpec(ResNetSpec.Layout.KERAS, true, List.of(1, 2, 1, 1), List.of(4, 8, 8, 16), 8);

    static Path images(Path dir, int count, int w, int h) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(3);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
        }
        return dir;
    }

    static LayerNetwork tiny(NDManager m) throws Exception {
        Path h5 = Paths.get(ActivationExtractorTest.class.getResource("/org/medtl/core/model/keras_tiny_weights.h5").toURI());
        BackboneSettings s = new BackboneSettings(Architecture.KERAS_RESNET50.key(), WeightSource.KERAS_H5, h5, 0, "caffe", 0);
        return LayerNetworks.of(Backbones.load(s, KERAS_TINY, m), m);
    }

    @Test
    void everyPositionIsARowInTheStudysChannelsLastOrder(@TempDir Path tmp) throws Exception {
        Path dir = images(tmp.resolve("img"), 3, 44, 40);
        ImageSource files = ImageFiles.open(dir, "caffe", 0);
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager(); LayerNetwork net = tiny(m)) {
                ExtractionSettings s = new ExtractionSettings(List.of("paper"), Spatial.parse("all"), 0, 1,
                        ExtractionSettings.ImageCount.ALL, 2, "cpu");
                ActivationSet set = ActivationExtractor.extract(net, files, s, tmp.resolve("out"), Progress.NONE);
                assertEquals(List.of("img0.png", "img1.png", "img2.png"), set.imageIds());
                assertEquals(ActivationSet.read(tmp.resolve("out")).layers(), set.layers());
                float[] pixels = new float[3 * 3 * 40 * 44];
                for (int i = 0; i < 3; i++) {
                    System.arraycopy(files.load(i).chw(), 0, pixels, i * 3 * 40 * 44, 3 * 40 * 44);
                }
                Map<String, NDArray> direct = net.forwardLayers(m.create(pixels, new Shape(3, 3, 40, 44)), net.paperLayers());
                for (String layer : net.paperLayers()) {
                    Npy.Array a = Npy.read(set.matrixFile(layer));
                    NDArray d = direct.get(layer);
                    int c = (int) d.getShape().get(1);
                    long hw = d.getShape().get(2) * d.getShape().get(3);
                    assertArrayEquals(new int[] {(int) (3 * hw), c}, a.shape(), layer);
                    // batches of 2 vs one batch of 3: convolution algorithms may sum in another order
                    float[] expected = d.transpose(0, 2, 3, 1).toFloatArray();
                    float scale = d.abs().max().getFloat();
                    assertArrayEquals(expected, (float[]) a.data(), 1e-5f * scale, layer);
                }
                return null;
            }
        });
    }

    @Test
    void subsampleAvgpoolAndChannelSubsetAreConsistentWithAllPositions(@TempDir Path tmp) throws Exception {
        Path dir = images(tmp.resolve("img"), 3, 40, 40);
        ImageSource files = ImageFiles.open(dir, "caffe", 0);
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager(); LayerNetwork net = tiny(m)) {
                String layer = "conv2_block1_out"; // 16 channels, 10 x 10 positions
                ActivationSet all = ActivationExtractor.extract(net, files, new ExtractionSettings(List.of(layer), Spatial.parse("all"),
                        6, 9, ExtractionSettings.ImageCount.ALL, 3, "cpu"), tmp.resolve("all"), Progress.NONE);
                ActivationSet sub = ActivationExtractor.extract(net, files, new ExtractionSettings(List.of(layer),
                        Spatial.parse("subsample:50"), 6, 9, ExtractionSettings.ImageCount.ALL, 3, "cpu"), tmp.resolve("sub"), Progress.NONE);
                ActivationSet gap = ActivationExtractor.extract(net, files, new ExtractionSettings(List.of(layer), Spatial.parse("avgpool"),
                        6, 9, ExtractionSettings.ImageCount.ALL, 1, "cpu"), tmp.resolve("gap"), Progress.NONE);
                float[] a = (float[]) Npy.read(all.matrixFile(layer)).data();
                float[] b = (float[]) Npy.read(sub.matrixFile(layer)).data();
                float[] g = (float[]) Npy.read(gap.matrixFile(layer)).data();
                assertEquals(300 * 6, a.length);
                assertEquals(50 * 6, b.length);
                assertEquals(all.layer(layer).channelIndices(), sub.layer(layer).channelIndices());
                assertEquals(50, sub.layer(layer).positionsPerImage().stream().mapToInt(Integer::intValue).sum());
                long[] pos = ActivationExtractor.positionSubset(300, 50, 9);
                for (int r = 0; r < 50; r++) {
                    for (int k = 0; k < 6; k++) {
                        assertEquals(a[(int) pos[r] * 6 + k], b[r * 6 + k], 0f);
                    }
                }
                for (int i = 0; i < 3; i++) {
                    for (int k = 0; k < 6; k++) {
                        double mean = 0;
                        for (int q = 0; q < 100; q++) {
                            mean += a[(i * 100 + q) * 6 + k];
                        }
                        assertEquals(mean / 100, g[i * 6 + k], 1e-5 * Math.abs(mean / 100) + 1e-6);
                    }
                }
                return null;
            }
        });
    }

    @Test
    void cancellingLeavesNoOutputAndKeepsTheCancellation(@TempDir Path tmp) throws Exception {
        Path dir = images(tmp.resolve("img"), 4, 32, 32);
        ImageSource files = ImageFiles.open(dir, "caffe", 0);
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager(); LayerNetwork net = tiny(m)) {
                ExtractionSettings s = new ExtractionSettings(List.of("conv1_relu"), Spatial.parse("all"), 0, 0,
                        ExtractionSettings.ImageCount.ALL, 1, "cpu");
                assertThrows(java.util.concurrent.CancellationException.class, () -> ActivationExtractor.extract(net, files, s,
                        tmp.resolve("out"), (f, msg) -> {
                            if (f > 0.3) {
                                throw new java.util.concurrent.CancellationException("cancelled");
                            }
                        }));
                try (var l = Files.list(tmp)) {
                    assertEquals(List.of("img"), l.map(p -> p.getFileName().toString()).toList());
                }
                return null;
            }
        });
    }

    @Test
    void channelSubsetDependsOnlyOnSeedWidthAndCount() {
        int[] a = ActivationExtractor.channelSubset(2048, 64, 42);
        assertEquals(64, a.length);
        assertArrayEquals(a, ActivationExtractor.channelSubset(2048, 64, 42));
        assertTrue(!java.util.Arrays.equals(a, ActivationExtractor.channelSubset(2048, 64, 43)));
        assertEquals(64, java.util.Arrays.stream(a).distinct().count());
        assertArrayEquals(new int[] {0, 1, 2}, ActivationExtractor.channelSubset(3, 0, 1));
    }

    @Test
    void studyImageCountsAreRound10000OverPositions() {
        ExtractionSettings s = ExtractionSettings.study();
        // Keras ResNet50 at 224 px: conv1 112x112, conv2 56x56, conv3 28x28, conv4 14x14, conv5 7x7
        assertEquals(1, ActivationExtractor.imagesFor(s, 1000, 112, 112));
        assertEquals(3, ActivationExtractor.imagesFor(s, 1000, 56, 56));
        assertEquals(13, ActivationExtractor.imagesFor(s, 1000, 28, 28));
        assertEquals(51, ActivationExtractor.imagesFor(s, 1000, 14, 14));
        assertEquals(204, ActivationExtractor.imagesFor(s, 1000, 7, 7));
        assertEquals(100, ActivationExtractor.imagesFor(s, 100, 7, 7));
    }

    @Test
    void caffePreprocessingIsBgrMinusImageNetMeans(@TempDir Path tmp) throws Exception {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, (200 << 16) | (100 << 8) | 50);
        img.setRGB(1, 0, 0xFFFFFF);
        Files.createDirectories(tmp.resolve("i"));
        ImageIO.write(img, "png", tmp.resolve("i/a.png").toFile());
        float[] caffe = ImageFiles.open(tmp.resolve("i"), "caffe", 0).load(0).chw();
        assertArrayEquals(new float[] {50 - 103.939f, 255 - 103.939f, 100 - 116.779f, 255 - 116.779f, 200 - 123.68f, 255 - 123.68f},
                caffe, 1e-4f);
        float[] c255 = ImageFiles.open(tmp.resolve("i"), "caffe255", 0).load(0).chw();
        assertEquals((50 - 103.939f) / 255f, c255[0], 1e-6f);
        float[] tv = ImageFiles.open(tmp.resolve("i"), "torchvision", 0).load(0).chw();
        assertEquals((200 / 255f - 0.485f) / 0.229f, tv[0], 1e-5f);
        assertEquals(3 * 4 * 4, ImageFiles.open(tmp.resolve("i"), "caffe", 4).load(0).chw().length);
    }

    @Test
    void anExistingNonEmptyOutputFolderIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = images(tmp.resolve("img"), 1, 32, 32);
        Files.createDirectories(tmp.resolve("out"));
        Files.writeString(tmp.resolve("out/keep.txt"), "x");
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager(); LayerNetwork net = tiny(m)) {
                IOException e = assertThrows(IOException.class, () -> ActivationExtractor.extract(net, ImageFiles.open(dir, "caffe", 0),
                        ExtractionSettings.study(), tmp.resolve("out"), Progress.NONE));
                assertTrue(e.getMessage().contains("not empty"));
                IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ActivationExtractor.extract(net,
                        ImageFiles.open(dir, "caffe", 0), new ExtractionSettings(List.of("conv9_relu"), Spatial.parse("all"), 0, 0,
                                ExtractionSettings.ImageCount.ALL, 1, "cpu"), tmp.resolve("out2"), Progress.NONE));
                assertTrue(bad.getMessage().contains("conv9_relu") && bad.getMessage().contains("conv1_relu"));
                assertTrue(Files.notExists(tmp.resolve("out2")));
                return null;
            }
        });
    }
}
