package org.medtl.core.dataset;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes DICOM Part 10 files byte by byte (explicit or implicit VR little endian) for tests. */
public final class DicomWriter {
    private final ByteArrayOutputStream meta = new ByteArrayOutputStream();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final boolean explicit;

    public DicomWriter(String transferSyntax) {
        this.explicit = !transferSyntax.equals(DicomFile.IMPLICIT_LE);
        element(meta, true, 0x0002, 0x0010, "UI", pad(transferSyntax.getBytes(StandardCharsets.US_ASCII), (byte) 0));
    }

    public DicomWriter us(int group, int element, int value) {
        return raw(group, element, "US", le(2, value));
    }

    public DicomWriter text(int group, int element, String vr, String value) {
        return raw(group, element, vr, pad(value.getBytes(StandardCharsets.US_ASCII), (byte) ' '));
    }

    public DicomWriter raw(int group, int element, String vr, byte[] value) {
        element(body, explicit, group, element, vr, value);
        return this;
    }

    /** A sequence of undefined length holding one item of undefined length with one text element. */
    DicomWriter undefinedLengthSequence(int group, int element) {
        write(body, le(2, group));
        write(body, le(2, element));
        if (explicit) {
            write(body, "SQ".getBytes(StandardCharsets.US_ASCII));
            write(body, new byte[2]);
        }
        write(body, le(4, 0xFFFFFFFF));
        write(body, le(2, 0xFFFE));
        write(body, le(2, 0xE000));
        write(body, le(4, 0xFFFFFFFF));
        element(body, explicit, 0x0008, 0x0100, "SH", pad("T-1234".getBytes(StandardCharsets.US_ASCII), (byte) ' '));
        write(body, le(2, 0xFFFE));
        write(body, le(2, 0xE00D));
        write(body, le(4, 0));
        write(body, le(2, 0xFFFE));
        write(body, le(2, 0xE0DD));
        write(body, le(4, 0));
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[128], 0, 128);
        write(out, "DICM".getBytes(StandardCharsets.US_ASCII));
        write(out, meta.toByteArray());
        write(out, body.toByteArray());
        return out.toByteArray();
    }

    public static byte[] shorts(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        return b.array();
    }

    private static void element(ByteArrayOutputStream out, boolean explicit, int group, int element, String vr, byte[] value) {
        write(out, le(2, group));
        write(out, le(2, element));
        if (explicit) {
            write(out, vr.getBytes(StandardCharsets.US_ASCII));
            if (vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN") || vr.equals("UT")) {
                write(out, new byte[2]);
                write(out, le(4, value.length));
            } else {
                write(out, le(2, value.length));
            }
        } else {
            write(out, le(4, value.length));
        }
        write(out, value);
    }

    private static byte[] pad(byte[] v, byte with) {
        if (v.length % 2 == 0) {
            return v;
        }
        byte[] out = java.util.Arrays.copyOf(v, v.length + 1);
        out[v.length] = with;
        return out;
    }

    static byte[] le(int bytes, int value) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    private static void write(ByteArrayOutputStream out, byte[] b) {
        out.write(b, 0, b.length);
    }
}
