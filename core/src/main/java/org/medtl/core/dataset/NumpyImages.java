package org.medtl.core.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.medtl.core.io.Npy;

/**
 * Images inside NumPy arrays. Layouts: {@code (H, W)} and {@code (H, W, C)} with C in 1, 3, 4 are one image;
 * {@code (N, H, W)} (a MedMNIST grey split, or an MRNet exam of N slices) and {@code (N, H, W, C)} hold one
 * image per index along the first axis.
 *
 * <p>Values: uint8 and bool are taken as 0-255 (bool as 0/255); uint16 is scaled by 1/257; every other type
 * (signed integers, floats) is mapped linearly from the image's own minimum..maximum to 0..255, because such
 * arrays carry no display range.</p>
 *
 * <p>A {@code .npy} slice is read straight from its file offset. An {@code .npz} entry is a zip member that may
 * be deflated (numpy.savez_compressed), so it is inflated once: into a soft in-memory cache up to 256 MiB, into
 * a temporary {@code .npy} (read by offset, deleted at exit) above.</p>
 *
 * <p>An array in Fortran order (NumPy's layout for any transposed array) is the same array: its images are not
 * contiguous in the file, so it is read whole once (up to 2 GiB), reordered to C order and kept in the same soft
 * cache.</p>
 */
final class NumpyImages {
    private NumpyImages() {
    }

    /** One decoded npz entry: header and raw element bytes. */
    record Loaded(Npy.Header header, byte[] data) {
    }

    /** The header of an image stack: every plain numeric type is an image (see the class comment for the values). */
    private static Npy.Header readHeader(InputStream in) throws IOException {
        // No name: SampleDecoder and the listings name the file, entry and index of every failure themselves.
        return Npy.readHeader(in, "", java.util.EnumSet.allOf(Npy.Element.class));
    }

    private static final Map<String, SoftReference<Loaded>> NPZ_CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SoftReference<Loaded>> eldest) {
            return size() > 8;
        }
    };

    static Pixels read(Path file, String entry, int index) throws IOException {
        if (FileKind.of(file) == FileKind.NPZ) {
            if (entry.isEmpty()) {
                throw new IOException("an .npz archive needs an entry (the array name, e.g. train_images)");
            }
            Path extracted = largeEntry(file, entry);
            if (extracted != null) {
                return readNpy(extracted, index);
            }
            Loaded loaded = npzEntry(file, entry);
            return image(loaded.header(), ByteBuffer.wrap(loaded.data()), index, file + "#" + entry);
        }
        if (!entry.isEmpty()) {
            throw new IOException("an .npy file holds one array; entry '" + entry + "' makes no sense here");
        }
        return readNpy(file, index);
    }

    private static Pixels readNpy(Path file, int index) throws IOException {
        if (Files.size(file) == 0) {
            throw new IOException("the file is empty (0 bytes)");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Npy.Header h;
            try (InputStream in = new BufferedInputStream(java.nio.channels.Channels.newInputStream(ch.position(0)), 4096)) {
                h = readHeader(in);
                if (h.fortran()) {
                    Loaded whole = inCOrder(file, "", h, in);
                    return image(whole.header(), ByteBuffer.wrap(whole.data()), index, file.toString());
                }
                Layout layout = layout(h, file.toString());
                checkIndex(layout, index, file.toString());
                long bytes = layout.imageElements() * h.element().bytes();
                long start = h.dataOffset() + (long) index * bytes;
                if (start + bytes > ch.size()) {
                    throw h.truncated("", ch.size() - h.dataOffset());
                }
                ByteBuffer buf = ByteBuffer.allocate((int) bytes);
                ch.position(start);
                while (buf.hasRemaining() && ch.read(buf) >= 0) {
                    // read fully
                }
                buf.flip();
                return convert(h, layout, buf);
            }
        }
    }

    /** The array shapes this reader understands, and how many images an array holds. */
    record Layout(int count, int height, int width, int channels) {
        long imageElements() {
            return (long) height * width * channels;
        }
    }

    static Layout layout(Npy.Header h, String what) throws IOException {
        if (h.rank() == 2) {
            return checked(1, h.dim(0), h.dim(1), 1, h, what);
        }
        if (h.rank() == 3) {
            if (h.dim(2) == 1 || h.dim(2) == 3 || h.dim(2) == 4) {
                return checked(1, h.dim(0), h.dim(1), h.dim(2), h, what);
            }
            return checked(h.dim(0), h.dim(1), h.dim(2), 1, h, what);
        }
        if (h.rank() == 4 && (h.dim(3) == 1 || h.dim(3) == 3 || h.dim(3) == 4)) {
            return checked(h.dim(0), h.dim(1), h.dim(2), h.dim(3), h, what);
        }
        throw new IOException("array shape " + h.shapeText() + " is not an image layout: expected (H, W), (H, W, C), (N, H, W) or (N, H, W, C) with C = 1, 3 or 4");
    }

    private static Layout checked(long n, long height, long width, long c, Npy.Header h, String what) throws IOException {
        if (n < 1 || height < 1 || width < 1 || height * width * c > Integer.MAX_VALUE / 8) {
            throw new IOException("array shape " + h.shapeText() + " holds no usable image");
        }
        if (n > Integer.MAX_VALUE) {
            throw new IOException("array shape " + h.shapeText() + " has too many images");
        }
        return new Layout((int) n, (int) height, (int) width, (int) c);
    }

    private static void checkIndex(Layout layout, int index, String what) throws IOException {
        if (index < 0 || index >= layout.count()) {
            throw new IOException("index " + index + " is outside the array's " + layout.count() + " image(s)");
        }
    }

    static Pixels image(Npy.Header h, ByteBuffer data, int index, String what) throws IOException {
        Layout layout = layout(h, what);
        checkIndex(layout, index, what);
        long bytes = layout.imageElements() * h.element().bytes();
        long start = (long) index * bytes;
        if (start + bytes > data.capacity()) {
            throw h.truncated("", data.capacity());
        }
        ByteBuffer slice = data.duplicate();
        slice.position((int) start);
        slice.limit((int) (start + bytes));
        return convert(h, layout, slice.slice());
    }

    private static Pixels convert(Npy.Header h, Layout layout, ByteBuffer bytes) {
        int n = (int) layout.imageElements();
        float[] all = new float[n];
        h.toFloats(bytes, all, n);
        switch (h.element()) {
            case U1 -> {
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    all[i] = all[i] != 0 ? 255f : 0f;
                }
            }
            case U2 -> {
                for (int i = 0; i < n; i++) {
                    all[i] /= 257f;
                }
            }
            default -> {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (float v : all) {
                    if (Float.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
                float scale = max > min ? 255f / (max - min) : 0f;
                for (int i = 0; i < n; i++) {
                    all[i] = Float.isFinite(all[i]) ? (all[i] - min) * scale : 0f;
                }
            }
        }
        int c = layout.channels();
        int pixels = layout.height() * layout.width();
        if (c == 1 || c == 3) {
            return new Pixels(layout.width(), layout.height(), c, all);
        }
        // RGBA: alpha dropped, as for PNG.
        float[] rgb = new float[pixels * 3];
        for (int p = 0; p < pixels; p++) {
            System.arraycopy(all, p * 4, rgb, p * 3, 3);
        }
        return new Pixels(layout.width(), layout.height(), 3, rgb);
    }

    /** The header of an {@code .npy} file, or of entry {@code entry} of an {@code .npz}. */
    static Npy.Header header(Path file, String entry) throws IOException {
        if (FileKind.of(file) == FileKind.NPZ) {
            try (ZipFile zip = openZip(file); InputStream in = entryStream(zip, file, entry)) {
                return readHeader(in);
            }
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return readHeader(in);
        }
    }

    /** Names of the arrays in an {@code .npz}, without the {@code .npy} suffix. */
    static java.util.List<String> entries(Path file) throws IOException {
        try (ZipFile zip = openZip(file)) {
            java.util.List<String> names = new java.util.ArrayList<>();
            zip.stream().forEach(e -> names.add(e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName()));
            return names;
        }
    }

    /** Entries above this size are extracted once to a temporary .npy and read by offset, not held in memory (tests lower it). */
    static volatile long inMemoryLimit = 256L << 20;

    private static final Map<String, Path> EXTRACTED = new java.util.HashMap<>();

    /**
     * The extracted copy of a large {@code .npz} member (deleted when the JVM exits), or {@code null} for members
     * small enough to keep in memory. Large arrays (MedMNIST at 224 px is several GB) stay on disk this way.
     */
    private static Path largeEntry(Path file, String entry) throws IOException {
        String key = file.toAbsolutePath() + "#" + entry + "@" + Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
        synchronized (EXTRACTED) {
            Path done = EXTRACTED.get(key);
            if (done != null) {
                return done;
            }
            try (ZipFile zip = openZip(file)) {
                ZipEntry e = zip.getEntry(entry + ".npy");
                if (e == null) {
                    e = zip.getEntry(entry);
                }
                if (e == null || e.getSize() >= 0 && e.getSize() <= inMemoryLimit) {
                    return null;
                }
                Path tmp = Files.createTempFile("medtl-npz-", ".npy");
                tmp.toFile().deleteOnExit();
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException ex) {
                    Files.deleteIfExists(tmp);
                    throw new IOException("cannot extract array '" + entry + "' (" + ex.getMessage() + "); the archive may be truncated", ex);
                }
                EXTRACTED.put(key, tmp);
                return tmp;
            }
        }
    }

    static Loaded npzEntry(Path file, String entry) throws IOException {
        Loaded hit = cached(file, entry);
        if (hit != null) {
            return hit;
        }
        try (ZipFile zip = openZip(file); InputStream in = new BufferedInputStream(entryStream(zip, file, entry), 1 << 16)) {
            return load(file, entry, readHeader(in), in);
        }
    }

    /** A Fortran-ordered array read whole from {@code in} (positioned after its header), in C order; cached. */
    private static Loaded inCOrder(Path file, String entry, Npy.Header h, InputStream in) throws IOException {
        Loaded hit = cached(file, entry);
        return hit != null ? hit : load(file, entry, h, in);
    }

    private static String cacheKey(Path file, String entry) throws IOException {
        return file.toAbsolutePath() + "#" + entry + "@" + Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
    }

    private static Loaded cached(Path file, String entry) throws IOException {
        String key = cacheKey(file, entry);
        synchronized (NPZ_CACHE) {
            SoftReference<Loaded> ref = NPZ_CACHE.get(key);
            return ref == null ? null : ref.get();
        }
    }

    /** Reads the element bytes after header {@code h}, in C order, and caches them. */
    private static Loaded load(Path file, String entry, Npy.Header h, InputStream in) throws IOException {
        String what = entry.isEmpty() ? "" : "array '" + entry + "'";
        int bytes = h.arrayLength(what, h.element().bytes());
        byte[] data = in.readNBytes(bytes);
        if (data.length < bytes) {
            throw h.truncated(what, data.length);
        }
        Loaded loaded = new Loaded(h, h.fortran() ? (byte[]) Npy.fortranToC(data, h.shape(), h.element().bytes()) : data);
        synchronized (NPZ_CACHE) {
            NPZ_CACHE.put(cacheKey(file, entry), new SoftReference<>(loaded));
        }
        return loaded;
    }

    private static ZipFile openZip(Path file) throws IOException {
        if (Files.size(file) == 0) {
            throw new IOException("the file is empty (0 bytes)");
        }
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException("not a readable .npz archive (" + e.getMessage() + "); the file may be truncated", e);
        }
    }

    private static InputStream entryStream(ZipFile zip, Path file, String entry) throws IOException {
        ZipEntry e = zip.getEntry(entry + ".npy");
        if (e == null) {
            e = zip.getEntry(entry);
        }
        if (e == null) {
            throw new IOException("the archive has no array '" + entry + "' (it has " + entries(file) + ")");
        }
        return zip.getInputStream(e);
    }
}
