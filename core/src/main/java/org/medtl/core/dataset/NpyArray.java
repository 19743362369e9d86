package org.medtl.core.dataset;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header of a NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0, see numpy.lib.format) and
 * conversion of its element bytes to floats. Arrays of plain numeric types in C or Fortran order are accepted;
 * readers reorder Fortran-ordered element bytes with {@link org.medtl.core.io.Npy#fortranToC}.
 */
final class NpyArray {

    enum Type {
        BOOL(1), U1(1), I1(1), U2(2), I2(2), U4(4), I4(4), U8(8), I8(8), F4(4), F8(8);

        final int bytes;

        Type(int bytes) {
            this.bytes = bytes;
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    final Type type;
    final ByteOrder order;
    final long[] shape;
    /** True when the elements are stored in Fortran (column-major) order: NumPy's layout for a transposed array. */
    final boolean fortran;
    /** Bytes from the start of the file (or zip entry) to the first element. */
    final long dataOffset;

    private NpyArray(Type type, ByteOrder order, long[] shape, boolean fortran, long dataOffset) {
        this.type = type;
        this.order = order;
        this.shape = shape;
        this.fortran = fortran;
        this.dataOffset = dataOffset;
    }

    long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Elements per index along the first axis. */
    long rowElements() {
        long n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** The shape as {@code int}s, for {@link org.medtl.core.io.Npy#fortranToC}; callers have checked the size. */
    int[] intShape() {
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    String shapeText() {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    static NpyArray readHeader(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = new byte[6];
        try {
            in.readFully(magic);
        } catch (java.io.EOFException e) {
            throw new IOException("not a NumPy array: the file is shorter than the .npy magic string");
        }
        if ((magic[0] & 0xff) != 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException("not a NumPy .npy array (the file does not start with \\x93NUMPY)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLength;
        int prefix;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            prefix = 10;
        } else if (major == 2 || major == 3) {
            headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            prefix = 12;
        } else {
            throw new IOException("unsupported .npy format version " + major + " (1, 2 and 3 are supported)");
        }
        if (headerLength > 1 << 20) {
            throw new IOException(".npy header of " + headerLength + " bytes is implausible; the file is damaged");
        }
        byte[] header = new byte[(int) headerLength];
        in.readFully(header);
        String dict = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(dict);
        Matcher f = FORTRAN.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(".npy header is not a NumPy array description: " + dict.trim());
        }
        String descr = d.group(1);
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Type type = switch (descr.substring(1)) {
            case "b1" -> Type.BOOL;
            case "u1" -> Type.U1;
            case "i1" -> Type.I1;
            case "u2" -> Type.U2;
            case "i2" -> Type.I2;
            case "u4" -> Type.U4;
            case "i4" -> Type.I4;
            case "u8" -> Type.U8;
            case "i8" -> Type.I8;
            case "f4" -> Type.F4;
            case "f8" -> Type.F8;
            default -> throw new IOException("unsupported NumPy element type '" + descr + "' (use uint8, uint16, int8-64, float32 or float64)");
        };
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) {
                try {
                    dims.add(Long.parseLong(part.trim().replace("L", "")));
                } catch (NumberFormatException e) {
                    throw new IOException(".npy shape '" + s.group(1) + "' is not a tuple of integers");
                }
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new NpyArray(type, order, shape, f.group(1).equals("True"), prefix + headerLength);
    }

    /** Converts {@code count} elements starting at {@code bytes.position()} to floats. */
    void toFloats(ByteBuffer bytes, float[] out, int count) {
        ByteBuffer b = bytes.order(order);
        for (int i = 0; i < count; i++) {
            out[i] = switch (type) {
                case BOOL, U1 -> b.get() & 0xff;
                case I1 -> b.get();
                case U2 -> b.getShort() & 0xffff;
                case I2 -> b.getShort();
                case U4 -> b.getInt() & 0xffffffffL;
                case I4 -> b.getInt();
                case U8, I8 -> b.getLong();
                case F4 -> b.getFloat();
                case F8 -> (float) b.getDouble();
            };
        }
    }
}
