package org.medtl.core.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** DICOM RLE Lossless (PS3.5 Annex G): a 64-byte segment table, then one PackBits segment per byte plane. */
final class Rle {
    private Rle() {
    }

    /**
     * Decodes one frame into {@code out} (interleaved samples, unsigned composite values of {@code bitsAllocated}
     * bits). Segment order is sample by sample, most significant byte first.
     */
    static void decode(byte[] frame, int rows, int columns, int samples, int bitsAllocated, int[] out) throws IOException {
        if (frame.length < 64) {
            throw new IOException("the RLE frame is shorter than its 64-byte header");
        }
        ByteBuffer h = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int segments = h.getInt(0);
        int bytesPer = bitsAllocated / 8;
        if (segments != samples * bytesPer) {
            throw new IOException("the RLE header lists " + segments + " segments; " + samples + " sample(s) of " + bitsAllocated + " bits need "
                    + samples * bytesPer);
        }
        int pixels = rows * columns;
        byte[] plane = new byte[pixels];
        for (int s = 0; s < segments; s++) {
            int start = h.getInt(4 + 4 * s);
            int end = s + 1 < segments ? h.getInt(4 + 4 * (s + 1)) : frame.length;
            if (start < 64 || end > frame.length || end < start) {
                throw new IOException("RLE segment " + s + " has offsets " + start + ".." + end + " outside the frame of " + frame.length + " bytes");
            }
            unpack(frame, start, end, plane, s);
            int sample = s / bytesPer;
            int shift = 8 * (bytesPer - 1 - s % bytesPer);
            for (int p = 0; p < pixels; p++) {
                out[p * samples + sample] |= (plane[p] & 0xff) << shift;
            }
        }
    }

    private static void unpack(byte[] in, int pos, int end, byte[] out, int segment) throws IOException {
        int o = 0;
        while (o < out.length) {
            if (pos >= end) {
                throw new IOException("RLE segment " + segment + " ends after " + o + " of " + out.length + " bytes: the data is truncated");
            }
            int n = in[pos++];
            if (n >= 0) {
                int count = n + 1;
                if (pos + count > end || o + count > out.length) {
                    throw new IOException("RLE segment " + segment + " has a literal run past its end");
                }
                System.arraycopy(in, pos, out, o, count);
                pos += count;
                o += count;
            } else if (n != -128) {
                int count = 1 - n;
                if (pos >= end || o + count > out.length) {
                    throw new IOException("RLE segment " + segment + " has a replicate run past its end");
                }
                byte v = in[pos++];
                for (int i = 0; i < count; i++) {
                    out[o++] = v;
                }
            }
        }
    }
}
