package org.medtl.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0; see numpy/lib/format.py): the interchange
 * format of activation sets and of the similarity command's matrices.
 *
 * <p>Reads float32, float64, uint8, int64 (and int32, read as int64) arrays in C order, little- or
 * big-endian, in C or Fortran order (NumPy writes Fortran order for transposed arrays; read back in C order). Writes
 * little-endian C-order version 1.0 files (2.0 when the header needs it), atomically.</p>
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Element types MedTL reads and writes. */
    public enum DType {
        FLOAT32("f4", 4), FLOAT64("f8", 8), UINT8("u1", 1), INT64("i8", 8);

        private final String code;
        private final int size;

        DType(String code, int size) {
            this.code = code;
            this.size = size;
        }

        /** Bytes per element. */
        public int size() {
            return size;
        }
    }

    /**
     * An n-dimensional array in C order. {@code data} is a {@code float[]} (FLOAT32), {@code double[]}
     * (FLOAT64), {@code byte[]} (UINT8, values 0..255 read with {@code & 0xff}) or {@code long[]} (INT64).
     */
    public record Array(DType dtype, int[] shape, Object data) {

        public Array {
            shape = shape.clone();
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            int len = switch (dtype) {
                case FLOAT32 -> ((float[]) data).length;
                case FLOAT64 -> ((double[]) data).length;
                case UINT8 -> ((byte[]) data).length;
                case INT64 -> ((long[]) data).length;
            };
            if (len != n) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " elements, got " + len);
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** Number of elements. */
        public long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** The values as doubles (a copy, except for FLOAT64 where the backing array is returned). */
        public double[] toDoubles() {
            return switch (dtype) {
                case FLOAT64 -> (double[]) data;
                case FLOAT32 -> {
                    float[] f = (float[]) data;
                    double[] d = new double[f.length];
                    for (int i = 0; i < f.length; i++) {
                        d[i] = f[i];
                    }
                    yield d;
                }
                case UINT8 -> {
                    byte[] b = (byte[]) data;
                    double[] d = new double[b.length];
                    for (int i = 0; i < b.length; i++) {
                        d[i] = b[i] & 0xff;
                    }
                    yield d;
                }
                case INT64 -> {
                    long[] l = (long[]) data;
                    double[] d = new double[l.length];
                    for (int i = 0; i < l.length; i++) {
                        d[i] = l[i];
                    }
                    yield d;
                }
            };
        }

        public static Array float32(float[] data, int... shape) {
            return new Array(DType.FLOAT32, shape, data);
        }

        public static Array float64(double[] data, int... shape) {
            return new Array(DType.FLOAT64, shape, data);
        }

        public static Array uint8(byte[] data, int... shape) {
            return new Array(DType.UINT8, shape, data);
        }

        public static Array int64(long[] data, int... shape) {
            return new Array(DType.INT64, shape, data);
        }
    }

    /** Reads a whole {@code .npy} file. Errors name the file and what is wrong with it. */
    public static Array read(Path file) throws IOException {
        return InputFiles.read(file, "a NumPy .npy array", () -> {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                return read(in, file.toString());
            }
        });
    }

    static Array read(InputStream raw, String name) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        Header h = readHeader(in, name);
        int[] shape = h.shape();
        ByteOrder order = h.order();
        String descr = h.descr();
        boolean fortran = h.fortran();
        String code = descr.substring(1);
        long n = 1;
        for (int dim : shape) {
            n *= dim;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": array of " + n + " elements is too large for one Java array");
        }
        int count = (int) n;
        Array stored = switch (code) {
            case "f4" -> {
                float[] out = new float[count];
                readChunks(in, count, 4, order, name, (buf, off, len) -> buf.asFloatBuffer().get(out, off, len));
                yield new Array(DType.FLOAT32, shape, out);
            }
            case "f8" -> {
                double[] out = new double[count];
                readChunks(in, count, 8, order, name, (buf, off, len) -> buf.asDoubleBuffer().get(out, off, len));
                yield new Array(DType.FLOAT64, shape, out);
            }
            case "u1", "b1" -> {
                byte[] out = new byte[count];
                in.readFully(out);
                yield new Array(DType.UINT8, shape, out);
            }
            case "i8" -> {
                long[] out = new long[count];
                readChunks(in, count, 8, order, name, (buf, off, len) -> buf.asLongBuffer().get(out, off, len));
                yield new Array(DType.INT64, shape, out);
            }
            case "i4" -> {
                long[] out = new long[count];
                readChunks(in, count, 4, order, name, (buf, off, len) -> {
                    for (int i = 0; i < len; i++) {
                        out[off + i] = buf.getInt(4 * i);
                    }
                });
                yield new Array(DType.INT64, shape, out);
            }
            default -> throw new IOException(name + ": dtype '" + descr
                    + "' is not supported (use float32, float64, uint8, int32 or int64)");
        };
        // NumPy saves any transposed or column-major array in Fortran order; it is the same array, so read it.
        return fortran ? inCOrder(stored) : stored;
    }

    /** What a {@code .npy} header says about the data that follows it, {@code dataOffset} bytes into the file. */
    private record Header(String descr, ByteOrder order, boolean fortran, int[] shape, long dataOffset) {
    }

    private static Header readHeader(DataInputStream in, String name) throws IOException {
        byte[] magic = new byte[6];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new IOException(name + ": not a NumPy .npy file (too short)");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + ": not a NumPy .npy file (missing \\x93NUMPY magic); save it with numpy.save");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        } else if (major == 2 || major == 3) {
            headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        } else {
            throw new IOException(name + ": unsupported .npy format version " + major);
        }
        byte[] headerBytes = new byte[(int) headerLength];
        in.readFully(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(name + ": malformed .npy header: " + header.trim());
        }
        String descr = d.group(1);
        ByteOrder order = switch (descr.charAt(0)) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> throw new IOException(name + ": unsupported dtype '" + descr + "'");
        };
        return new Header(descr, order, f.group(1).equals("True"), parseShape(s.group(1), name),
                6 + 2 + (major == 1 ? 2 : 4) + headerLength);
    }

    /** A float32 array in C order whose values stay in the file, mapped into memory rather than read. */
    public record MappedFloats(int[] shape, FloatBuffer values) {

        public MappedFloats {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    /**
     * Maps a float32 file stored in C order and this machine's byte order (what NumPy writes here), so that
     * large activation matrices reach native BLAS without being copied into the Java heap; {@code null} for
     * any other layout or type, which {@link #read} handles. The mapping is read-only and lives as long as
     * the returned buffer.
     */
    public static MappedFloats mapFloat32(Path file) throws IOException {
        return InputFiles.read(file, "a NumPy .npy array", () -> {
            Header h;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 4096))) {
                h = readHeader(in, file.toString());
            }
            if (!h.descr().substring(1).equals("f4") || h.fortran() || h.order() != ByteOrder.nativeOrder()) {
                return null;
            }
            long n = 1;
            for (int dim : h.shape()) {
                n *= dim;
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": array of " + n + " elements is too large for one Java array");
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long have = (ch.size() - h.dataOffset()) / 4;
                if (have < n) {
                    throw new IOException(file + ": file ends after " + Math.max(0, have) + " of " + n + " elements (truncated?)");
                }
                FloatBuffer values = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), n * 4).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                return new MappedFloats(h.shape(), values);
            }
        });
    }

    /** The array whose elements were read in Fortran (column-major) order, laid out in C order. */
    private static Array inCOrder(Array fortran) {
        return new Array(fortran.dtype(), fortran.shape(), fortranToC(fortran.data(), fortran.shape(), 1));
    }

    /**
     * Reorders the elements of an array stored in Fortran (column-major) order into C order: {@code data} is any
     * primitive array holding {@code unit} consecutive entries per element (1 for typed values, the element's byte
     * size for raw bytes, as the dataset reader keeps image stacks of every NumPy type). Returns a new array.
     */
    public static Object fortranToC(Object data, int[] shape, int unit) {
        int n = java.lang.reflect.Array.getLength(data) / unit;
        Object out = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), n * unit);
        // Walk the C positions in order while tracking the element's position in the Fortran-ordered data,
        // where the first index varies fastest.
        int[] index = new int[shape.length];
        int[] stride = new int[shape.length];
        for (int k = 0, st = 1; k < shape.length; k++) {
            stride[k] = st;
            st *= shape[k];
        }
        for (int c = 0, pos = 0; c < n; c++) {
            System.arraycopy(data, pos * unit, out, c * unit, unit);
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++index[k] < shape[k]) {
                    pos += stride[k];
                    break;
                }
                pos -= stride[k] * (shape[k] - 1);
                index[k] = 0;
            }
        }
        return out;
    }

    private interface ChunkSink {
        void accept(ByteBuffer buffer, int offset, int length);
    }

    private static void readChunks(DataInputStream in, int count, int size, ByteOrder order, String name, ChunkSink sink)
            throws IOException {
        int chunk = Math.max(1, (1 << 20) / size);
        byte[] bytes = new byte[Math.min(count, chunk) * size];
        for (int done = 0; done < count; ) {
            int len = Math.min(chunk, count - done);
            try {
                in.readFully(bytes, 0, len * size);
            } catch (EOFException e) {
                throw new IOException(name + ": file ends after " + done + " of " + count + " elements (truncated?)");
            }
            sink.accept(ByteBuffer.wrap(bytes, 0, len * size).order(order), done, len);
            done += len;
        }
    }

    private static int[] parseShape(String text, String name) throws IOException {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new IOException(name + ": dimension " + v + " out of range");
                }
                dims.add((int) v);
            } catch (NumberFormatException e) {
                throw new IOException(name + ": malformed shape (" + text + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Writes {@code array} to {@code file} atomically (temporary file in the same folder, then move). */
    public static void write(Path file, Array array) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = TempOutputs.file(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                write(out, array);
            }
            TempOutputs.publish(tmp, file);
        } finally {
            TempOutputs.discard(tmp);
        }
    }

    static void write(OutputStream out, Array array) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        int[] dims = array.shape();
        for (int i = 0; i < dims.length; i++) {
            shape.append(dims[i]).append(dims.length == 1 ? "," : (i + 1 < dims.length ? ", " : ""));
        }
        shape.append(')');
        String descr = (array.dtype() == DType.UINT8 ? "|" : "<") + array.dtype().code;
        String dict = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape);
        // Header padded with spaces and ended by '\n' so that the data starts on a 64-byte boundary.
        int version = dict.length() + 1 + 10 <= 65535 ? 1 : 2;
        int prefix = version == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        out.write(MAGIC);
        out.write(version);
        out.write(0);
        int hl = header.length();
        if (version == 1) {
            out.write(hl & 0xff);
            out.write((hl >>> 8) & 0xff);
        } else {
            for (int i = 0; i < 4; i++) {
                out.write((hl >>> (8 * i)) & 0xff);
            }
        }
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        int size = array.dtype().size();
        int count = (int) array.size();
        int chunk = Math.max(1, (1 << 20) / size);
        ByteBuffer buf = ByteBuffer.allocate(Math.max(1, Math.min(count, chunk)) * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < count; ) {
            int len = Math.min(chunk, count - done);
            buf.clear();
            switch (array.dtype()) {
                case FLOAT32 -> buf.asFloatBuffer().put((float[]) array.data(), done, len);
                case FLOAT64 -> buf.asDoubleBuffer().put((double[]) array.data(), done, len);
                case INT64 -> buf.asLongBuffer().put((long[]) array.data(), done, len);
                case UINT8 -> buf.put((byte[]) array.data(), done, len);
            }
            out.write(buf.array(), 0, len * size);
            done += len;
        }
    }
}
