package org.medtl.core.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.runtime.Progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decoded-image cache: same images as decoding, new key on any change, damage detected, size bounded, races safe. */
class DecodedImageCacheTest {

    @TempDir
    Path tmp;

    private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    private final Progress progress = (f, m) -> messages.add(m);

    /** Grey and RGB PNGs of different sizes, resized by the pipeline. */
    private List<Sample> samples(Path dir, int count) throws IOException {
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = i % 2 == 0 ? TestImages.write(TestImages.grey8(20 + i, 18), "png", dir.resolve("g" + i + ".png"))
                    : TestImages.write(TestImages.rgb(17, 23 + i, 10 * i, 3, 200), "png", dir.resolve("c" + i + ".png"));
            list.add(TestImages.sample(file, "x"));
        }
        return list;
    }

    private static ImagePipeline pipeline(int size) {
        return ImagePipeline.of(size, Preprocessing.CAFFE);
    }

    private List<Path> cacheFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(DecodedImageCache.SUFFIX)).sorted().toList();
        }
    }

    @Test
    void holdsExactlyTheDecodedImagesAndIsBuiltOnce() throws Exception {
        List<Sample> samples = samples(tmp.resolve("data"), 7);
        DecodedImageCache cache = new DecodedImageCache(tmp.resolve("cache"), 1L << 30);
        ImagePipeline plain = pipeline(16);
        DecodedImageStore store = cache.open(plain, samples, 2, progress);
        assertNotNull(store);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("image cache: decoding 7 images once into")
                && m.contains("limit 1.0 GB, " + DecodedImageCache.LIMIT_VARIABLE)), messages.toString());
        for (Sample s : samples) {
            DecodedImage want = plain.decodeFromFile(s);
            DecodedImage got = store.get(s);
            assertEquals(want.channels(), got.channels(), s.id());
            assertArrayEquals(want.data(), got.data(), s.id());
        }
        messages.clear();
        assertNotNull(cache.open(plain, samples, 2, progress));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("image cache: reading 7 decoded images")), messages.toString());
        assertFalse(messages.stream().anyMatch(m -> m.contains("decoding")), messages.toString());
        assertEquals(1, cacheFiles(cache.dir()).size());
        assertNull(store.get(TestImages.sample(tmp.resolve("other.png"), "x")), "a sample the cache was not built for");
    }

    @Test
    void aChangedFileSizeOrDecodeSettingGivesANewCache() throws Exception {
        Path data = tmp.resolve("data");
        List<Sample> samples = samples(data, 4);
        DecodedImageCache cache = new DecodedImageCache(tmp.resolve("cache"), 1L << 30);
        Path first = cache.open(pipeline(16), samples, 1, progress).file();

        assertNotEquals(first, cache.open(pipeline(24), samples, 1, progress).file(), "another training size");
        assertNotEquals(first, cache.open(pipeline(16).withInterpolation(Interpolation.AREA), samples, 1, progress).file(),
                "another resize method");
        assertEquals(first, cache.open(ImagePipeline.of(16, Preprocessing.TORCHVISION), samples, 1, progress).file(),
                "normalisation comes after the cache");

        Path changed = samples.get(0).file();
        FileTime before = Files.getLastModifiedTime(changed);
        TestImages.write(TestImages.grey8(30, 30), "png", changed);
        Files.setLastModifiedTime(changed, FileTime.fromMillis(before.toMillis() + 2000));
        DecodedImageStore renewed = cache.open(pipeline(16), samples, 1, progress);
        assertNotEquals(first, renewed.file(), "an edited image file");
        assertArrayEquals(pipeline(16).decodeFromFile(samples.get(0)).data(), renewed.get(samples.get(0)).data());
    }

    @Test
    void aDamagedOrHalfWrittenCacheIsRebuiltNeverRead() throws Exception {
        List<Sample> samples = samples(tmp.resolve("data"), 5);
        DecodedImageCache cache = new DecodedImageCache(tmp.resolve("cache"), 1L << 30);
        ImagePipeline p = pipeline(16);
        Path file = cache.open(p, samples, 1, progress).file();
        byte[] good = Files.readAllBytes(file);

        // One flipped bit in the last image's pixels.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = DecodedImageStore.payloadOffset(5) + 4L * DecodedImageStore.slotBytes(16, 16) + 10;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 1)}), at);
        }
        expectRebuilt(cache, p, samples, file, good, "the checksum of image 4");

        // Cut off half way, as by a crash during a copy.
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        expectRebuilt(cache, p, samples, file, good, "bytes instead of");

        // Everything there but the complete marker.
        byte[] unmarked = good.clone();
        java.util.Arrays.fill(unmarked, DecodedImageStore.HeaderField.COMPLETE, DecodedImageStore.HeaderField.COMPLETE + 4, (byte) 0);
        Files.write(file, unmarked);
        expectRebuilt(cache, p, samples, file, good, "no complete marker");

        // Not a cache at all.
        Files.write(file, new byte[100]);
        expectRebuilt(cache, p, samples, file, good, "less than its header");
    }

    private void expectRebuilt(DecodedImageCache cache, ImagePipeline p, List<Sample> samples, Path file, byte[] good, String reason)
            throws IOException {
        messages.clear();
        DecodedImageStore store = cache.open(p, samples, 1, progress);
        assertTrue(messages.stream().anyMatch(m -> m.contains("is damaged") && m.contains(reason) && m.contains("decoding again")),
                messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("image cache: decoding 5 images once")), messages.toString());
        assertEquals(file, store.file());
        byte[] rebuilt = Files.readAllBytes(file);
        assertArrayEquals(java.util.Arrays.copyOf(good, 64), java.util.Arrays.copyOf(rebuilt, 64), "same header");
        assertArrayEquals(java.util.Arrays.copyOfRange(good, 4096, good.length), java.util.Arrays.copyOfRange(rebuilt, 4096, rebuilt.length));
        for (Sample s : samples) {
            assertArrayEquals(p.decodeFromFile(s).data(), store.get(s).data());
        }
    }

    @Test
    void staysWithinItsBoundDeletingTheLeastRecentlyUsed() throws Exception {
        List<Sample> a = samples(tmp.resolve("a"), 3);
        List<Sample> b = samples(tmp.resolve("b"), 3);
        List<Sample> c = samples(tmp.resolve("c"), 3);
        long one = DecodedImageStore.fileBytes(3, 16, 16);
        DecodedImageCache cache = new DecodedImageCache(tmp.resolve("cache"), 2 * one + one / 2);
        Path fa = cache.open(pipeline(16), a, 1, progress).file();
        Path fb = cache.open(pipeline(16), b, 1, progress).file();
        Files.setLastModifiedTime(fa, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(fb, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        cache.open(pipeline(16), a, 1, progress); // a used again: b is now the least recently used
        Path fc = cache.open(pipeline(16), c, 1, progress).file();
        assertEquals(List.of(fa, fc).stream().sorted().toList(), cacheFiles(cache.dir()));
        assertFalse(Files.exists(fb));

        messages.clear();
        DecodedImageCache tiny = new DecodedImageCache(tmp.resolve("tiny"), one - 1);
        ImagePipeline p = pipeline(16);
        assertTrue(tiny.attach(p, a, 1, progress) == p, "a dataset larger than the bound is decoded every time");
        assertTrue(messages.stream().anyMatch(m -> m.contains("more than the cache limit") && m.contains("decoding from the files every epoch")),
                messages.toString());
        assertFalse(Files.exists(tiny.dir()) && !cacheFiles(tiny.dir()).isEmpty());
    }

    @Test
    void limitTextAndRefusal() {
        assertEquals(DecodedImageCache.DEFAULT_LIMIT, DecodedImageCache.limit(null));
        assertEquals(4L << 30, DecodedImageCache.limit("4g"));
        assertEquals(500L << 20, DecodedImageCache.limit("500M"));
        assertEquals(0, DecodedImageCache.limit("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecodedImageCache.limit("lots"));
        assertTrue(e.getMessage().contains(DecodedImageCache.LIMIT_VARIABLE) && e.getMessage().contains("lots"), e.getMessage());
    }

    /** Four nodes asking for the same cache at once: one complete file, the same images for all, no temp files. */
    @Test
    void concurrentBuildsOfOneCacheYieldOneCompleteFile() throws Exception {
        List<Sample> samples = samples(tmp.resolve("data"), 9);
        DecodedImageCache cache = new DecodedImageCache(tmp.resolve("cache"), 1L << 30);
        int threads = 4;
        CyclicBarrier together = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<DecodedImageStore>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<DecodedImageStore> job = () -> {
                    together.await();
                    return cache.open(pipeline(16), samples, 2, Progress.NONE);
                };
                results.add(pool.submit(job));
            }
            for (Future<DecodedImageStore> f : results) {
                DecodedImageStore store = f.get();
                for (Sample s : samples) {
                    assertArrayEquals(pipeline(16).decodeFromFile(s).data(), store.get(s).data());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> s = Files.list(cache.dir())) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(1, names.stream().filter(n -> n.endsWith(DecodedImageCache.SUFFIX)).count(), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")), names.toString());
        }
    }
}
