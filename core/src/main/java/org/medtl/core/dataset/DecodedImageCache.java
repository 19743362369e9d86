package org.medtl.core.dataset;

import org.medtl.core.io.TempOutputs;
import org.medtl.core.runtime.DjlRuntime;
import org.medtl.core.runtime.Progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Decode once: the 8-bit images of a dataset at one training resolution (after the modality/VOI transform and the
 * resize, before augmentation and normalisation) in one memory-mapped file per (dataset files, decode settings),
 * under {@code <MedTL cache>/images/}. Later epochs, folds, runs and the Activation Extractor read from it instead
 * of decoding PNG/JPEG/DICOM again.
 *
 * <ul>
 *   <li><b>Key.</b> SHA-256 over the format version, the pipeline's {@link ImagePipeline#decodeKey() decode
 *       settings} and, per sample in order, its absolute file path, entry, index, file size and modification time.
 *       Size and time, not a content hash: hashing would read every byte of every file on every run, most of the
 *       cost the cache saves, while any tool that rewrites a file changes its time (a copy that keeps time and
 *       size but not content, e.g. {@code rsync -t} of an equal-length edit, is the case this does not see; clear
 *       the cache or touch the file then).</li>
 *   <li><b>Integrity.</b> A cache is built in a temporary file next to its final name and published by one
 *       atomic rename after a header, per-image CRC32C checksums and a complete marker are on disk. Opening checks
 *       all of them; a damaged or half-written file is reported, deleted and rebuilt, never read.</li>
 *   <li><b>Bound.</b> All caches together stay within {@link #LIMIT_VARIABLE} (default {@value #DEFAULT_LIMIT_TEXT});
 *       the least recently used are deleted first. A dataset larger than the whole bound is not cached (progress
 *       says so) and is decoded every epoch as without the cache.</li>
 *   <li><b>Concurrency.</b> Threads of one JVM (nodes running side by side) and separate processes (two
 *       {@code ./medtl} runs, a KNIME session) building the same cache take turns on a lock file; the second finds
 *       the first one's finished file and uses it.</li>
 * </ul>
 */
public final class DecodedImageCache {

    /** Environment variable or system property bounding all decoded-image caches: bytes, or with k, m, g suffix. */
    public static final String LIMIT_VARIABLE = "MEDTL_IMAGE_CACHE_LIMIT";
    static final String DEFAULT_LIMIT_TEXT = "4g";
    public static final long DEFAULT_LIMIT = 4L << 30;
    static final String SUFFIX = ".images";
    private static final String LOCK_FILE = "images.lock";
    /** Images decoded per task while building: progress is reported, and a cancel is seen, after each. */
    static final int BUILD_BATCH = 32;

    /** One builder at a time per JVM: a FileLock is held per process, so threads queue here before taking it. */
    private static final ReentrantLock BUILDING = new ReentrantLock();
    /** Verified, mapped stores of this JVM by file, so folds and nodes share one mapping and one check. */
    private static final Map<Path, Opened> OPENED = new ConcurrentHashMap<>();

    /**
     * A store this JVM checked, valid while the file keeps its identity, size and the modification time this JVM
     * last gave it: anyone writing into the file (or another process using it) changes the time, and the file is
     * checked again.
     */
    private record Opened(Object fileKey, long size, FileTime touched, DecodedImageStore store) {
        boolean describes(BasicFileAttributes a) {
            return fileKey != null && fileKey.equals(a.fileKey()) && size == a.size() && touched.equals(a.lastModifiedTime());
        }
    }

    private final Path dir;
    private final long limitBytes;

    public DecodedImageCache(Path dir, long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("The decoded-image cache limit must be 0 or more bytes, got " + limitBytes);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.limitBytes = limitBytes;
    }

    /** The cache under the MedTL cache folder ({@code MEDTL_CACHE_DIR}), bounded by {@link #LIMIT_VARIABLE}. */
    public static DecodedImageCache standard() {
        return new DecodedImageCache(DjlRuntime.cacheDir().resolve("images"), limit(DjlRuntime.setting(LIMIT_VARIABLE)));
    }

    /** Parses a limit such as {@code 4g}, {@code 500m} or {@code 1000000}; {@code null} or blank is the default. */
    static long limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1).trim();
        try {
            double v = Double.parseDouble(digits);
            if (v < 0 || !Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(LIMIT_VARIABLE + " = '" + text + "' is not a size: give bytes or a number with k, m or g"
                    + " (e.g. 4g); 0 turns the cache off.");
        }
    }

    public Path dir() {
        return dir;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /**
     * The pipeline reading {@code samples}' decoded images from this cache, building the cache first when it does
     * not exist yet (decoding on {@code threads} threads). Returns {@code pipeline} unchanged, having said why in
     * {@code progress}, when the images do not fit in the bound.
     */
    public ImagePipeline attach(ImagePipeline pipeline, List<Sample> samples, int threads, Progress progress) throws IOException {
        DecodedImageStore store = open(pipeline, samples, threads, progress);
        return store == null ? pipeline : pipeline.withCache(store);
    }

    /**
     * {@link #attach(ImagePipeline, List, int, Progress)} building on one thread per processor: for callers with no
     * thread setting of their own (the Activation Extractor), which build before their own work starts.
     */
    public ImagePipeline attach(ImagePipeline pipeline, List<Sample> samples, Progress progress) throws IOException {
        return attach(pipeline, samples, Runtime.getRuntime().availableProcessors(), progress);
    }

    /** The store for {@code samples}, built if needed; {@code null} when they do not fit in the bound. */
    public DecodedImageStore open(ImagePipeline pipeline, List<Sample> samples, int threads, Progress progress) throws IOException {
        List<Sample> distinct = distinct(samples);
        ImagePipeline decoder = pipeline.withCache(null);
        int h = pipeline.height();
        int w = pipeline.width();
        byte[] fingerprint = fingerprint(distinct, pipeline.decodeKey());
        String name = HexFormat.of().formatHex(fingerprint);
        Path target = dir.resolve(name + SUFFIX);
        long bytes = DecodedImageStore.fileBytes(distinct.size(), h, w);
        String bound = "limit " + gb(limitBytes) + ", " + LIMIT_VARIABLE;
        if (bytes > limitBytes) {
            progress.update(-1, String.format(Locale.ROOT, "image cache: %d images at %dx%d need %s, more than the cache limit (%s);"
                    + " decoding from the files every epoch instead", distinct.size(), h, w, gb(bytes), bound));
            return null;
        }
        DecodedImageStore store = useExisting(target, fingerprint, distinct, pipeline, progress);
        if (store != null) {
            progress.update(-1, String.format(Locale.ROOT, "image cache: reading %d decoded images (%s, %s) from %s",
                    distinct.size(), gb(bytes), bound, target));
            return store;
        }
        Files.createDirectories(dir);
        BUILDING.lock();
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock other = lockChannel.tryLock();
            if (other == null) {
                progress.update(-1, "image cache: waiting for another MedTL process that is building a cache in " + dir);
                other = lockChannel.lock();
            }
            try (FileLock held = other) {
                store = useExisting(target, fingerprint, distinct, pipeline, progress);
                if (store == null) {
                    long used = evict(limitBytes - bytes, target);
                    progress.update(0, String.format(Locale.ROOT, "image cache: decoding %d images once into %s (%s; caches now %s, %s)",
                            distinct.size(), target, gb(bytes), gb(used + bytes), bound));
                    build(target, fingerprint, distinct, decoder, threads, progress);
                    store = useExisting(target, fingerprint, distinct, pipeline, progress);
                    if (store == null) {
                        throw new IOException("The decoded-image cache " + target + " was written but cannot be read back;"
                                + " check the disk, or turn the cache off (Fine-Tuner/Extractor setting 'image cache').");
                    }
                }
                return store;
            }
        } finally {
            BUILDING.unlock();
        }
    }

    /** An existing, verified store at {@code target} (marked as just used), or {@code null} after deleting a damaged one. */
    private static DecodedImageStore useExisting(Path target, byte[] fingerprint, List<Sample> samples, ImagePipeline pipeline,
                                                 Progress progress) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
        Opened known = OPENED.get(target);
        if (known != null && known.describes(attrs)) {
            OPENED.put(target, new Opened(attrs.fileKey(), attrs.size(), touch(target), known.store()));
            return known.store();
        }
        try {
            DecodedImageStore store = DecodedImageStore.open(target, fingerprint, samples, pipeline.decodeKey(), pipeline.height(),
                    pipeline.width());
            OPENED.put(target, new Opened(attrs.fileKey(), attrs.size(), touch(target), store));
            return store;
        } catch (NoSuchFileException evictedMeanwhile) {
            return null;
        } catch (DecodedImageStore.CorruptCacheException e) {
            progress.update(-1, "image cache: " + e.getMessage() + " Deleting it and decoding again.");
            OPENED.remove(target);
            Files.deleteIfExists(target);
            return null;
        }
    }

    /** Last use is the file's modification time: LRU eviction deletes the oldest first. Returns the time it has. */
    private static FileTime touch(Path file) throws IOException {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // A read-only cache folder is still usable; it only loses its recency order.
        }
        return Files.getLastModifiedTime(file);
    }

    /**
     * Deletes the least recently used caches (never {@code keep}) until the others take at most {@code room} bytes;
     * returns the bytes the remaining ones take. Called under the build lock.
     */
    long evict(long room, Path keep) throws IOException {
        List<Path> caches = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && !p.equals(keep)).forEach(caches::add);
            }
        }
        Map<Path, BasicFileAttributes> attrs = new HashMap<>();
        for (Path p : caches) {
            attrs.put(p, Files.readAttributes(p, BasicFileAttributes.class));
        }
        caches.sort(Comparator.comparing((Path p) -> attrs.get(p).lastModifiedTime()).reversed());
        long used = 0;
        for (Path p : caches) {
            long size = attrs.get(p).size();
            if (used + size <= room) {
                used += size;
            } else {
                // A mapping another node holds stays valid after the delete (the space is freed when it closes).
                Files.deleteIfExists(p);
                OPENED.remove(p);
            }
        }
        return used;
    }

    private static void build(Path target, byte[] fingerprint, List<Sample> samples, ImagePipeline decoder, int threads,
                              Progress progress) throws IOException {
        int count = samples.size();
        int h = decoder.height();
        int w = decoder.width();
        int slotBytes = DecodedImageStore.slotBytes(h, w);
        long payload = DecodedImageStore.payloadOffset(count);
        Path tmp = TempOutputs.file(target.getParent(), "." + target.getFileName() + "-", ".tmp");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "medtl-image-cache");
            t.setDaemon(true);
            return t;
        });
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ByteBuffer table = ByteBuffer.allocate(count * DecodedImageStore.TABLE_ENTRY).order(ByteOrder.LITTLE_ENDIAN);
            List<Future<Integer>> parts = new ArrayList<>();
            // At most one batch per task: progress, and with it a cancel, comes after every finished batch.
            int chunk = Math.max(1, Math.min(BUILD_BATCH, (count + 4 * threads - 1) / (4 * Math.max(1, threads))));
            for (int start = 0; start < count; start += chunk) {
                int from = start;
                int to = Math.min(count, start + chunk);
                parts.add(pool.submit(() -> {
                    CRC32C crc = new CRC32C();
                    for (int i = from; i < to; i++) {
                        DecodedImage image = decoder.decodeFromFile(samples.get(i));
                        crc.reset();
                        crc.update(image.data());
                        synchronized (table) {
                            table.putInt(i * DecodedImageStore.TABLE_ENTRY, (int) crc.getValue());
                            table.put(i * DecodedImageStore.TABLE_ENTRY + 4, (byte) image.channels());
                        }
                        writeFully(ch, ByteBuffer.wrap(image.data()), payload + (long) i * slotBytes);
                    }
                    return to - from;
                }));
            }
            int done = 0;
            for (Future<Integer> part : parts) {
                try {
                    done += part.get();
                    // Reported here, on the caller's thread, which is where listeners and cancel checks expect it.
                    progress.update((double) done / count, "image cache: decoded " + done + "/" + count + " images into " + target.getFileName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Building the decoded-image cache " + target + " was interrupted.", e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException("Building the decoded-image cache " + target + " failed: " + cause, cause);
                }
            }
            // Full length even when the last slots hold grey images (their unused thirds stay zero).
            long end = payload + (long) count * slotBytes;
            if (ch.size() < end) {
                writeFully(ch, ByteBuffer.allocate(1), end - 1);
            }
            ch.force(true);
            table.rewind();
            CRC32C tableCrc = new CRC32C();
            tableCrc.update(table.duplicate());
            writeFully(ch, table, DecodedImageStore.HEADER_BYTES);
            ByteBuffer header = ByteBuffer.allocate(DecodedImageStore.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.put(DecodedImageStore.MAGIC.getBytes(StandardCharsets.US_ASCII));
            header.putInt(DecodedImageStore.HeaderField.VERSION, DecodedImageStore.VERSION);
            header.putInt(DecodedImageStore.HeaderField.COUNT, count);
            header.putInt(DecodedImageStore.HeaderField.HEIGHT, h);
            header.putInt(DecodedImageStore.HeaderField.WIDTH, w);
            header.put(DecodedImageStore.HeaderField.FINGERPRINT, fingerprint);
            header.putLong(DecodedImageStore.HeaderField.PAYLOAD, payload);
            header.putInt(DecodedImageStore.HeaderField.TABLE_CRC, (int) tableCrc.getValue());
            CRC32C headerCrc = new CRC32C();
            headerCrc.update(header.slice(0, DecodedImageStore.HeaderField.HEADER_CRC));
            header.putInt(DecodedImageStore.HeaderField.HEADER_CRC, (int) headerCrc.getValue());
            header.rewind();
            writeFully(ch, header, 0);
            ch.force(true);
            // The marker goes last: a file that has it has everything before it on disk.
            writeFully(ch, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, DecodedImageStore.COMPLETE),
                    DecodedImageStore.HeaderField.COMPLETE);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // A cancel (CancellationException from progress) ends here too: the half-written file goes.
            TempOutputs.discard(tmp);
            throw e;
        } finally {
            pool.shutdownNow();
        }
        try {
            TempOutputs.publish(tmp, target);
        } finally {
            TempOutputs.discard(tmp);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += ch.write(data, at);
        }
    }

    /** The samples once each, in first-seen order (a manifest never repeats one; a caller's list might). */
    private static List<Sample> distinct(List<Sample> samples) {
        Map<String, Sample> byKey = new java.util.LinkedHashMap<>();
        for (Sample s : samples) {
            byKey.putIfAbsent(DecodedImageStore.sampleKey(s), s);
        }
        return List.copyOf(byKey.values());
    }

    /** The cache key: format, decode settings and every sample's file identity (see the class comment). */
    static byte[] fingerprint(List<Sample> samples, String decodeKey) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        sha.update(("medtl decoded images v" + DecodedImageStore.VERSION + "\n" + decodeKey + "\n").getBytes(StandardCharsets.UTF_8));
        Map<Path, String> stamps = new HashMap<>();
        for (Sample s : samples) {
            Path file = s.file().toAbsolutePath().normalize();
            String stamp = stamps.get(file);
            if (stamp == null) {
                try {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                    stamp = a.size() + "/" + a.lastModifiedTime().toInstant();
                } catch (NoSuchFileException e) {
                    throw new ImageReadException(file, "", "the file does not exist", e);
                }
                stamps.put(file, stamp);
            }
            sha.update((DecodedImageStore.sampleKey(s) + "\u0000" + stamp + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return sha.digest();
    }

    static String gb(long bytes) {
        return bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
    }
}
