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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0; see numpy/lib/format.py): the one reader of their
 * header for MedTL, used by activation sets and the similarity command's matrices ({@link #read},
 * {@link #mapFloat32}) and by the dataset reader's image stacks ({@link #readHeader}, {@link Header#toFloats}).
 *
 * <p>{@link #read} takes float32, float64, uint8, bool (read as uint8), int64 and int32 (read as int64) arrays,
 * little- or big-endian, in C or Fortran order (NumPy writes Fortran order for transposed arrays; read back in
 * C order). The header itself accepts every plain numeric type ({@link Element}). Writes little-endian C-order
 * version 1.0 files (2.0 when the header needs it), atomically.</p>
 *
 * <p>Every failure names the file (when the caller gives a name; the dataset reader names the file and the
 * entry itself), says what is wrong and what to do.</p>
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** A real header is a few hundred bytes; a larger length field means a damaged file, not an allocation to make. */
    private static final long MAX_HEADER = 1 << 20;
    /** The most entries one Java array may hold on common JVMs. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private Npy() {
    }

    /**
     * NumPy's plain numeric element types, named by their type-string codes ({@code '<u2'} is {@link #U2}),
     * with the NumPy name that messages use.
     */
    public enum Element {
        BOOL("b1"), U1("u1"), I1("i1"), U2("u2"), I2("i2"), U4("u4"), I4("i4"), U8("u8"), I8("i8"), F4("f4"), F8("f8");

        private final String code;

        Element(String code) {
            this.code = code;
        }

        /** Bytes per element: the digit of NumPy's code. */
        public int bytes() {
            return code.charAt(1) - '0';
        }

        /** NumPy's name, e.g. {@code uint16}, for messages. */
        public String numpyName() {
            int bits = 8 * bytes();
            return switch (code.charAt(0)) {
                case 'b' -> "bool";
                case 'u' -> "uint" + bits;
                case 'i' -> "int" + bits;
                default -> "float" + bits;
            };
        }
    }

    /** What {@link #read} and {@link #mapFloat32} accept. */
    private static final Set<Element> READABLE = EnumSet.of(Element.F4, Element.F8, Element.U1, Element.BOOL, Element.I4, Element.I8);

    /** Element types MedTL holds in memory and writes. */
    public enum DType {
        FLOAT32(Element.F4), FLOAT64(Element.F8), UINT8(Element.U1), INT64(Element.I8);

        private final Element element;

        DType(Element element) {
            this.element = element;
        }

        /** Bytes per element. */
        public int size() {
            return element.bytes();
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
        Header h = readHeader(in, name, READABLE);
        int[] shape = h.shape();
        ByteOrder order = h.order();
        int count = h.arrayLength(name, 1);
        Array stored = switch (h.element()) {
            case F4 -> {
                float[] out = new float[count];
                readChunks(in, h, count, name, (buf, off, len) -> buf.asFloatBuffer().get(out, off, len));
                yield new Array(DType.FLOAT32, shape, out);
            }
            case F8 -> {
                double[] out = new double[count];
                readChunks(in, h, count, name, (buf, off, len) -> buf.asDoubleBuffer().get(out, off, len));
                yield new Array(DType.FLOAT64, shape, out);
            }
            case U1, BOOL -> {
                byte[] out = new byte[count];
                int got = in.readNBytes(out, 0, count);
                if (got < count) {
                    throw h.truncated(name, got);
                }
                yield new Array(DType.UINT8, shape, out);
            }
            case I8 -> {
                long[] out = new long[count];
                readChunks(in, h, count, name, (buf, off, len) -> buf.asLongBuffer().get(out, off, len));
                yield new Array(DType.INT64, shape, out);
            }
            case I4 -> {
                long[] out = new long[count];
                readChunks(in, h, count, name, (buf, off, len) -> {
                    for (int i = 0; i < len; i++) {
                        out[off + i] = buf.getInt(4 * i);
                    }
                });
                yield new Array(DType.INT64, shape, out);
            }
            default -> throw new IllegalStateException("readHeader let " + h.element() + " through");
        };
        // NumPy saves any transposed or column-major array in Fortran order; it is the same array, so read it.
        return h.fortran() ? inCOrder(stored) : stored;
    }

    /**
     * What a {@code .npy} header says about the data that follows it, {@code dataOffset} bytes into the file (or
     * zip entry). Every dimension fits an {@code int}; the element count and byte size fit a {@code long}.
     */
    public record Header(Element element, ByteOrder order, boolean fortran, int[] shape, long dataOffset) {

        public Header {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** Dimension {@code axis} of the shape, without copying it. */
        public int dim(int axis) {
            return shape[axis];
        }

        /** Number of dimensions. */
        public int rank() {
            return shape.length;
        }

        public long elementCount() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** Bytes of element data the header announces. */
        public long dataBytes() {
            return elementCount() * element.bytes();
        }

        /** The shape as NumPy prints it: {@code (2, 3)}, {@code (5,)}. */
        public String shapeText() {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                b.append(i > 0 ? ", " : "").append(shape[i]);
            }
            return b.append(shape.length == 1 ? ",)" : ")").toString();
        }

        /**
         * The length of the one Java array that holds all elements, {@code entriesPerElement} entries each (1 for
         * typed values, {@link Element#bytes} for raw bytes); fails, naming {@code name}, when no array is so long.
         */
        public int arrayLength(String name, int entriesPerElement) throws IOException {
            long entries = elementCount() * entriesPerElement;
            if (entries > MAX_ARRAY) {
                throw new IOException(where(name) + "the array of shape " + shapeText() + " (" + element.numpyName() + ") needs "
                        + entries + " array entries, more than one Java array holds (" + MAX_ARRAY
                        + "); save it as separate smaller .npy files" + (fortran ? " in C order (numpy.ascontiguousarray)" : ""));
            }
            return (int) entries;
        }

        /** The failure for element data that ends after {@code haveBytes} bytes. */
        public IOException truncated(String name, long haveBytes) {
            return new IOException(where(name) + "the data ends after " + Math.max(0, haveBytes) + " of the " + dataBytes()
                    + " bytes that shape " + shapeText() + " of " + element.numpyName()
                    + " needs: the file is truncated or still being written; write it again");
        }

        /**
         * Converts {@code count} elements starting at {@code bytes.position()} to floats (bool and unsigned types as
         * their non-negative values), advancing the position.
         */
        public void toFloats(ByteBuffer bytes, float[] out, int count) {
            ByteBuffer b = bytes.order(order);
            for (int i = 0; i < count; i++) {
                out[i] = switch (element) {
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

    /** The prefix naming the file in a message, or nothing for callers that name it themselves. */
    private static String where(String name) {
        return name == null || name.isEmpty() ? "" : name + ": ";
    }

    /**
     * Reads the header of an {@code .npy} file or zip entry from {@code in}, leaving it at the first element.
     * {@code name} prefixes every message (empty: the caller names the file); {@code accepted} are the element
     * types the caller handles, listed in the message for any other.
     */
    public static Header readHeader(InputStream in, String name, Set<Element> accepted) throws IOException {
        DataInputStream data = in instanceof DataInputStream d ? d : new DataInputStream(in);
        String at = where(name);
        byte[] magic = data.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(at + "not a NumPy .npy file: it does not start with \\x93NUMPY"
                    + (magic.length < MAGIC.length ? " (it is only " + magic.length + " bytes long)" : "")
                    + "; save the array with numpy.save");
        }
        int major;
        long headerLength;
        try {
            major = data.readUnsignedByte();
            data.readUnsignedByte();
            if (major == 1) {
                headerLength = Short.toUnsignedInt(Short.reverseBytes(data.readShort()));
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(data.readInt()));
            } else {
                throw new IOException(at + "unsupported .npy format version " + major
                        + " (versions 1, 2 and 3 are supported); save the array with numpy.save");
            }
        } catch (EOFException e) {
            throw headerEnds(at);
        }
        if (headerLength > MAX_HEADER) {
            throw new IOException(at + "the .npy header claims " + headerLength + " bytes, which no NumPy header has: the file is damaged; write it again");
        }
        byte[] headerBytes = data.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw headerEnds(at);
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(at + "the .npy header is not a NumPy array description with 'descr', 'fortran_order' and 'shape' ("
                    + header.trim() + "); structured and object arrays are not supported, save a plain numeric array");
        }
        String descr = d.group(1);
        Element element = elementOf(descr, accepted, at);
        ByteOrder order = switch (descr.charAt(0)) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> ByteOrder.nativeOrder();
        };
        int[] shape = parseShape(s.group(1), at);
        long bytes = element.bytes();
        for (int dim : shape) {
            if (dim != 0 && bytes > Long.MAX_VALUE / dim) {
                throw new IOException(at + "shape (" + s.group(1).trim() + ") is too large for any file: the header is damaged; write the file again");
            }
            bytes *= dim;
        }
        return new Header(element, order, f.group(1).equals("True"), shape, MAGIC.length + 2 + (major == 1 ? 2 : 4) + headerLength);
    }

    private static IOException headerEnds(String at) {
        // An EOFException, so that InputFiles words it like any other file that ends early.
        return new EOFException(at + "the .npy header ends early: the file is truncated or still being written; write it again");
    }

    private static Element elementOf(String descr, Set<Element> accepted, String at) throws IOException {
        if (descr.length() > 1 && "<>|=".indexOf(descr.charAt(0)) >= 0) {
            for (Element e : accepted) {
                if (e.code.equals(descr.substring(1))) {
                    return e;
                }
            }
        }
        StringBuilder names = new StringBuilder();
        for (Element e : accepted) {
            names.append(names.length() == 0 ? "" : ", ").append(e.numpyName());
        }
        throw new IOException(at + "NumPy element type '" + descr + "' is not supported here; convert the array to one of "
                + names + " (numpy.ndarray.astype) and save it again");
    }

    private static int[] parseShape(String text, String at) throws IOException {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("L")) {
                // Python 2 wrote long integers with a suffix.
                p = p.substring(0, p.length() - 1);
            }
            long v;
            try {
                v = Long.parseLong(p);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IOException(at + "the .npy shape (" + text.trim() + ") is not a tuple of dimensions from 0 to "
                        + Integer.MAX_VALUE + ": the header is damaged; write the file again");
            }
            dims.add((int) v);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
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
            String name = file.toString();
            Header h;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 4096)) {
                h = readHeader(in, name, READABLE);
            }
            if (h.element() != Element.F4 || h.fortran() || h.order() != ByteOrder.nativeOrder()) {
                return null;
            }
            int n = h.arrayLength(name, 1);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long have = ch.size() - h.dataOffset();
                if (have < h.dataBytes()) {
                    throw h.truncated(name, have);
                }
                FloatBuffer values = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), (long) n * 4).order(ByteOrder.nativeOrder())
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

    private static void readChunks(DataInputStream in, Header h, int count, String name, ChunkSink sink) throws IOException {
        int size = h.element().bytes();
        int chunk = Math.max(1, (1 << 20) / size);
        byte[] bytes = new byte[Math.min(count, chunk) * size];
        for (int done = 0; done < count; ) {
            int len = Math.min(chunk, count - done);
            int got = in.readNBytes(bytes, 0, len * size);
            if (got < len * size) {
                throw h.truncated(name, (long) done * size + got);
            }
            sink.accept(ByteBuffer.wrap(bytes, 0, len * size).order(h.order()), done, len);
            done += len;
        }
    }

    /**
     * The header NumPy writes for a little-endian C-order array of {@code shape}: version 1.0 (2.0 when the
     * header needs it), padded with spaces and ended by '\n' so that the data starts on a 64-byte boundary.
     * Shared by {@link #write} and writers that stream rows after it.
     */
    public static byte[] header(DType dtype, long... shape) {
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        }
        tuple.append(')');
        String descr = (dtype == DType.UINT8 ? "|" : "<") + dtype.element.code;
        String dict = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, tuple);
        // Version 1.0 stores the padded header's length in two bytes; longer headers need 2.0's four.
        int version = (10 + dict.length() + 1 + 63) / 64 * 64 - 10 <= 65535 ? 1 : 2;
        int prefix = version == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        byte[] text = (dict + " ".repeat(padded - total) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).array();
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
        out.write(header(array.dtype(), Arrays.stream(array.shape).asLongStream().toArray()));
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
