package org.medtl.core.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A finished decoded-image cache file, memory-mapped read-only: the 8-bit images of a list of samples at one
 * training resolution. Built and checked by {@link DecodedImageCache}; thread-safe (absolute reads only).
 *
 * <p>File layout (little-endian): a 4096-byte header (magic {@value #MAGIC}, format version, image count, height,
 * width, the SHA-256 fingerprint, payload offset, the slot table's CRC32C, the header's own CRC32C and, written
 * last, the complete marker); a slot table of 8 bytes per image (CRC32C of the image's bytes, channel count); then
 * one fixed-size slot of {@code 3 * height * width} bytes per image, in sample order (grey images use the first
 * third).</p>
 */
public final class DecodedImageStore {

    static final String MAGIC = "MEDTLDI1";
    static final int VERSION = 1;
    static final int HEADER_BYTES = 4096;
    static final int COMPLETE = 0x434F4D50; // "COMP": written last, after everything else is on disk
    static final int TABLE_ENTRY = 8;
    /** Largest part of the file one mapping covers (a MappedByteBuffer holds at most 2 GB). */
    private static final long SEGMENT_BYTES = 1L << 30;

    private final Path file;
    private final String decodeKey;
    private final int height;
    private final int width;
    private final int slotBytes;
    private final byte[] channels;
    private final Map<String, Integer> slots;
    private final MappedByteBuffer[] segments;
    private final int slotsPerSegment;

    private DecodedImageStore(Path file, String decodeKey, int height, int width, byte[] channels, Map<String, Integer> slots,
                              MappedByteBuffer[] segments, int slotsPerSegment) {
        this.file = file;
        this.decodeKey = decodeKey;
        this.height = height;
        this.width = width;
        this.slotBytes = slotBytes(height, width);
        this.channels = channels;
        this.slots = slots;
        this.segments = segments;
        this.slotsPerSegment = slotsPerSegment;
    }

    static int slotBytes(int height, int width) {
        return 3 * height * width;
    }

    static long payloadOffset(int count) {
        long table = HEADER_BYTES + (long) count * TABLE_ENTRY;
        return (table + 4095) / 4096 * 4096;
    }

    /** Bytes a cache of {@code count} images at {@code height x width} takes on disk. */
    public static long fileBytes(int count, int height, int width) {
        return payloadOffset(count) + (long) count * slotBytes(height, width);
    }

    /** The key under which a sample's image is stored: its file, container entry and index. */
    static String sampleKey(Sample s) {
        return s.file().toAbsolutePath().normalize() + "\u0000" + s.entry() + "\u0000" + s.index();
    }

    public Path file() {
        return file;
    }

    /** The decode settings the images were made with ({@link ImagePipeline#decodeKey()}). */
    public String decodeKey() {
        return decodeKey;
    }

    public int size() {
        return channels.length;
    }

    /** The sample's image, or {@code null} when the cache was built for other samples. */
    public DecodedImage get(Sample sample) {
        Integer slot = slots.get(sampleKey(sample));
        if (slot == null) {
            return null;
        }
        int c = channels[slot];
        byte[] data = new byte[height * width * c];
        segments[slot / slotsPerSegment].get((slot % slotsPerSegment) * slotBytes, data);
        return new DecodedImage(data, height, width, c);
    }

    /**
     * Maps a finished cache file and checks it completely (header, marker, fingerprint, size, table and every
     * image's checksum) before any image is used.
     *
     * @throws CorruptCacheException saying what is wrong, when the file is not a complete cache for these samples
     */
    static DecodedImageStore open(Path file, byte[] fingerprint, List<Sample> samples, String decodeKey, int height, int width)
            throws IOException, CorruptCacheException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int count = samples.size();
            long expected = fileBytes(count, height, width);
            if (size < HEADER_BYTES) {
                throw new CorruptCacheException(file, "it has " + size + " bytes, less than its header");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && ch.read(header, header.position()) > 0) {
                // positional reads until the header is full
            }
            header.flip();
            byte[] magic = new byte[8];
            header.get(0, magic);
            if (!Arrays.equals(magic, MAGIC.getBytes(StandardCharsets.US_ASCII))) {
                throw new CorruptCacheException(file, "it does not start with the cache's magic bytes");
            }
            if (header.getInt(HeaderField.COMPLETE) != COMPLETE) {
                throw new CorruptCacheException(file, "it has no complete marker (its writing was interrupted)");
            }
            CRC32C headerCrc = new CRC32C();
            headerCrc.update(header.slice(0, HeaderField.HEADER_CRC));
            if ((int) headerCrc.getValue() != header.getInt(HeaderField.HEADER_CRC)) {
                throw new CorruptCacheException(file, "its header checksum does not match");
            }
            byte[] stored = new byte[32];
            header.get(HeaderField.FINGERPRINT, stored);
            if (header.getInt(HeaderField.VERSION) != VERSION || header.getInt(HeaderField.COUNT) != count
                    || header.getInt(HeaderField.HEIGHT) != height || header.getInt(HeaderField.WIDTH) != width
                    || !Arrays.equals(stored, fingerprint) || header.getLong(HeaderField.PAYLOAD) != payloadOffset(count)) {
                throw new CorruptCacheException(file, "its header describes other images (fingerprint "
                        + HexFormat.of().formatHex(stored) + ", " + header.getInt(HeaderField.COUNT) + " images)");
            }
            if (size != expected) {
                throw new CorruptCacheException(file, "it has " + size + " bytes instead of " + expected);
            }
            ByteBuffer table = ch.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES, (long) count * TABLE_ENTRY)
                    .order(ByteOrder.LITTLE_ENDIAN);
            CRC32C tableCrc = new CRC32C();
            tableCrc.update(table.duplicate());
            if ((int) tableCrc.getValue() != header.getInt(HeaderField.TABLE_CRC)) {
                throw new CorruptCacheException(file, "its image table checksum does not match");
            }
            int slotBytes = slotBytes(height, width);
            int slotsPerSegment = (int) Math.max(1, SEGMENT_BYTES / slotBytes);
            int segmentCount = (count + slotsPerSegment - 1) / slotsPerSegment;
            MappedByteBuffer[] segments = new MappedByteBuffer[segmentCount];
            long payload = payloadOffset(count);
            for (int s = 0; s < segmentCount; s++) {
                int first = s * slotsPerSegment;
                int n = Math.min(slotsPerSegment, count - first);
                segments[s] = ch.map(FileChannel.MapMode.READ_ONLY, payload + (long) first * slotBytes, (long) n * slotBytes);
            }
            byte[] channels = new byte[count];
            Map<String, Integer> slots = new HashMap<>(count * 2);
            CRC32C crc = new CRC32C();
            for (int i = 0; i < count; i++) {
                int c = table.get(i * TABLE_ENTRY + 4);
                if (c != 1 && c != 3) {
                    throw new CorruptCacheException(file, "image " + i + " has " + c + " channels");
                }
                channels[i] = (byte) c;
                crc.reset();
                int at = (i % slotsPerSegment) * slotBytes;
                crc.update(segments[i / slotsPerSegment].slice(at, height * width * c));
                if ((int) crc.getValue() != table.getInt(i * TABLE_ENTRY)) {
                    throw new CorruptCacheException(file, "the checksum of image " + i + " (" + samples.get(i).id() + ") does not match");
                }
                slots.putIfAbsent(sampleKey(samples.get(i)), i);
            }
            return new DecodedImageStore(file, decodeKey, height, width, channels, slots, segments, slotsPerSegment);
        }
    }

    /** Byte offsets of the header's fields. */
    static final class HeaderField {
        static final int VERSION = 8;
        static final int COUNT = 12;
        static final int HEIGHT = 16;
        static final int WIDTH = 20;
        static final int FINGERPRINT = 24;
        static final int PAYLOAD = 56;
        static final int TABLE_CRC = 64;
        static final int HEADER_CRC = 68;
        static final int COMPLETE = 72;

        private HeaderField() {
        }
    }

    /** A cache file that must not be used; {@link DecodedImageCache} deletes and rebuilds it. */
    static final class CorruptCacheException extends Exception {
        CorruptCacheException(Path file, String reason) {
            super("The decoded-image cache " + file + " is damaged: " + reason + ".");
        }
    }
}
