package org.medtl.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePipelineTest {

    @TempDir
    Path dir;

    private static final ImagePipeline IDENTITY_SIZE = new ImagePipeline(6, 8, Interpolation.NEAREST, Preprocessing.TORCHVISION, null, null);

    @Test
    void losslessFormatsDecodeToTheWrittenValues() throws IOException {
        for (String format : List.of("png", "bmp", "tiff")) {
            Path f = TestImages.write(TestImages.rgb(8, 6, 10, 20, 30), format, dir.resolve("rgb." + format));
            float[] img = IDENTITY_SIZE.image(TestImages.sample(f, "x"));
            assertEquals(10 + 3, img[(2 * 8 + 3) * 3], format);
            assertEquals(20 + 2, img[(2 * 8 + 3) * 3 + 1], format);
            assertEquals(30, img[(2 * 8 + 3) * 3 + 2], format);
        }
    }

    @Test
    void greyIsReplicatedAndSixteenBitIsScaledTo255() throws IOException {
        Path g8 = TestImages.write(TestImages.grey8(8, 6), "png", dir.resolve("g8.png"));
        Path g16 = TestImages.write(TestImages.grey16(8, 6), "png", dir.resolve("g16.png"));
        Path gt = TestImages.write(TestImages.grey16(8, 6), "tiff", dir.resolve("g16.tif"));
        float[] a = IDENTITY_SIZE.image(TestImages.sample(g8, "x"));
        float[] b = IDENTITY_SIZE.image(TestImages.sample(g16, "x"));
        float[] c = IDENTITY_SIZE.image(TestImages.sample(gt, "x"));
        assertEquals(5 + 2 * 4, a[(4 * 8 + 5) * 3 + 1]);
        assertArrayEquals(a, b, 1e-3f);
        assertArrayEquals(a, c, 1e-3f);
        for (int p = 0; p < 48; p++) {
            assertEquals(a[p * 3], a[p * 3 + 2]);
        }
    }

    @Test
    void alphaIsDroppedAndGifPaletteIsResolved() throws IOException {
        Path rgba = TestImages.write(TestImages.rgba(8, 6), "png", dir.resolve("rgba.png"));
        float[] img = IDENTITY_SIZE.image(TestImages.sample(rgba, "x"));
        assertArrayEquals(new float[] {5, 4, 0x33}, new float[] {img[(4 * 8 + 5) * 3], img[(4 * 8 + 5) * 3 + 1], img[(4 * 8 + 5) * 3 + 2]});
        Path gif = TestImages.write(TestImages.grey8(8, 6), "gif", dir.resolve("g.gif"));
        float[] g = IDENTITY_SIZE.image(TestImages.sample(gif, "x"));
        assertEquals(5 + 8, g[(4 * 8 + 5) * 3], 1.0f);
    }

    @Test
    void jpegDecodesCloseToTheSmoothSource() throws IOException {
        Path f = TestImages.write(TestImages.rgb(64, 48, 40, 60, 90), "jpeg", dir.resolve("a.jpg"));
        ImagePipeline p = new ImagePipeline(48, 64, Interpolation.NEAREST, Preprocessing.CAFFE, null, null);
        float[] img = p.image(TestImages.sample(f, "x"));
        double err = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                err += Math.abs(img[(y * 64 + x) * 3] - (40 + x)) + Math.abs(img[(y * 64 + x) * 3 + 1] - (60 + y));
            }
        }
        assertTrue(err / (48 * 64 * 2) < 3, "mean abs error " + err / (48 * 64 * 2));
    }

    @Test
    void tensorIsResizeThenPreprocessing() throws IOException {
        Path f = TestImages.write(TestImages.rgb(40, 40, 0, 0, 200), "png", dir.resolve("big.png"));
        ImagePipeline p = ImagePipeline.of(10, Preprocessing.CAFFE);
        float[] t = p.tensor(TestImages.sample(f, "x"));
        assertEquals(300, t.length);
        // nearest 40 -> 10 takes source index floor((x + 0.5) * 4) = 4x + 2.
        int x = 3;
        int y = 7;
        assertEquals(200 - 103.939f, t[y * 10 + x], 1e-4f); // channel 0 = B
        assertEquals((4 * y + 2) - 116.779f, t[100 + y * 10 + x], 1e-4f); // G
        assertEquals((4 * x + 2) - 123.68f, t[200 + y * 10 + x], 1e-4f); // R
    }

    @Test
    void thumbnailIsTheResizedImageAsPng() throws IOException {
        Path f = TestImages.write(TestImages.rgb(40, 40, 0, 0, 200), "png", dir.resolve("thumb-src.png"));
        byte[] png = ImagePipeline.of(10, Preprocessing.CAFFE).thumbnailPng(TestImages.sample(f, "x"));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(10, img.getWidth());
        assertEquals(((4 * 3 + 2) << 16) | ((4 * 7 + 2) << 8) | 200, img.getRGB(3, 7) & 0xffffff);
    }

    @Test
    void batchesComeInOrderAndTheTransformIsSeededPerPosition() throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Path f = TestImages.write(TestImages.rgb(12, 12, 10 * i, 0, 0), "png", dir.resolve("s" + i + ".png"));
            samples.add(new Sample("s" + i, f, "", 0, "c" + (i % 2), i % 2, "", List.of()));
        }
        SampleTransform addNoise = (rgb, h, w, random) -> {
            float shift = random.nextInt(50);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] += shift;
            }
        };
        ImagePipeline plain = ImagePipeline.of(4, Preprocessing.CAFFE);
        ImagePipeline augmented = plain.withTransform(addNoise);
        List<Batch> first = collect(augmented.batches(samples, 3, 2, 42));
        List<Batch> again = collect(augmented.batches(samples, 3, 1, 42));
        List<Batch> other = collect(augmented.batches(samples, 3, 2, 43));
        List<Batch> none = collect(plain.batches(samples, 3, 2, 42));
        assertEquals(3, first.size());
        assertEquals(1, first.get(2).size());
        assertArrayEquals(new int[] {0, 1, 0}, first.get(0).labels());
        assertEquals("s3", first.get(1).samples().get(0).id());
        boolean differs = false;
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(first.get(b).data(), again.get(b).data(), "same seed, same batches, whatever the threads");
            differs |= !java.util.Arrays.equals(first.get(b).data(), other.get(b).data());
            float[] expected = new float[none.get(b).data().length];
            for (int i = 0; i < none.get(b).size(); i++) {
                System.arraycopy(plain.tensor(samples.get(3 * b + i)), 0, expected, i * 48, 48);
            }
            assertArrayEquals(expected, none.get(b).data(), "without transform a batch is the per-sample tensors");
        }
        assertTrue(differs, "another seed gives other augmentations");
    }

    @Test
    void closingCancelsDecodingAheadOfUse() throws Exception {
        Path f = TestImages.write(TestImages.rgb(12, 12, 0, 0, 0), "png", dir.resolve("slow.png"));
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            samples.add(new Sample("s" + i, f, "", 0, "x", 0, "", List.of()));
        }
        java.util.concurrent.atomic.AtomicInteger decoded = new java.util.concurrent.atomic.AtomicInteger();
        SampleTransform slow = (rgb, h, w, random) -> {
            decoded.incrementAndGet();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        BatchIterator it = ImagePipeline.of(4, Preprocessing.CAFFE).withTransform(slow).batches(samples, 2, 2, 0);
        assertEquals(20, it.batchCount());
        it.next();
        it.close();
        assertFalse(it.hasNext());
        Thread.sleep(200);
        int after = decoded.get();
        Thread.sleep(200);
        assertEquals(after, decoded.get(), "no decoding continues after close");
        // At most the delivered batch, the ones in flight and the prefetched ones were decoded.
        assertTrue(after <= 2 * (1 + 4 + 1), "decoded " + after);
    }

    @Test
    void aBadFileInABatchNamesTheFile() throws IOException {
        Path good = TestImages.write(TestImages.rgb(12, 12, 0, 0, 0), "png", dir.resolve("good.png"));
        Path bad = dir.resolve("bad.png");
        byte[] full = Files.readAllBytes(good);
        Files.write(bad, java.util.Arrays.copyOf(full, full.length / 2));
        try (BatchIterator it = ImagePipeline.of(4, Preprocessing.CAFFE).batches(
                List.of(TestImages.sample(good, "x"), TestImages.sample(bad, "x")), 1, 1, 0)) {
            it.next();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, it::next);
            assertInstanceOf(ImageReadException.class, e.getCause());
            assertTrue(e.getMessage().contains("bad.png"), e.getMessage());
            assertFalse(it.hasNext());
        }
    }

    private static List<Batch> collect(BatchIterator it) {
        List<Batch> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }
}
