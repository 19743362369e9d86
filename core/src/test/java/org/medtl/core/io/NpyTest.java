package org.medtl.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    @Test
    void roundTripsEveryType(@TempDir Path dir) throws IOException {
        Npy.Array[] arrays = {
                Npy.Array.float32(new float[] {1.5f, -2f, Float.MIN_VALUE, 3e38f, 0f, 7f}, 2, 3),
                Npy.Array.float64(new double[] {Math.PI, -1e-300, 42}, 3),
                Npy.Array.uint8(new byte[] {0, (byte) 255, 7, 8}, 2, 1, 2),
                Npy.Array.int64(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3, 1)};
        for (Npy.Array a : arrays) {
            Path f = dir.resolve(a.dtype() + ".npy");
            Npy.write(f, a);
            Npy.Array b = Npy.read(f);
            assertEquals(a.dtype(), b.dtype());
            assertArrayEquals(a.shape(), b.shape());
            assertArrayEquals(a.toDoubles(), b.toDoubles());
        }
        // Header ends on a 64-byte boundary as numpy writes it.
        byte[] bytes = Files.readAllBytes(dir.resolve("FLOAT32.npy"));
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64);
        assertEquals(255.0, Npy.read(dir.resolve("UINT8.npy")).toDoubles()[1]);
    }

    /** Writes a header as numpy does, by hand. */
    private static byte[] file(int version, String dict, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.ISO_8859_1));
        out.write(version);
        out.write(0);
        int prefix = version == 1 ? 10 : 12;
        String header = dict;
        while ((prefix + header.length() + 1) % 64 != 0) {
            header += " ";
        }
        header += "\n";
        int n = header.length();
        out.write(n & 0xff);
        out.write(n >>> 8 & 0xff);
        if (version != 1) {
            out.write(0);
            out.write(0);
        }
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    @Test
    void readsBigEndianAndVersion2AndInt32() throws IOException {
        ByteBuffer be = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        be.putDouble(1.25).putDouble(-3);
        Npy.Array a = Npy.read(new ByteArrayInputStream(file(2, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", be.array())), "be.npy");
        assertArrayEquals(new double[] {1.25, -3}, a.toDoubles());
        ByteBuffer le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        le.putInt(-5).putInt(9);
        Npy.Array b = Npy.read(new ByteArrayInputStream(file(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }", le.array())), "i4.npy");
        assertEquals(Npy.DType.INT64, b.dtype());
        assertArrayEquals(new double[] {-5, 9}, b.toDoubles());
        ByteBuffer bf = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN);
        bf.putFloat(0.5f);
        assertArrayEquals(new double[] {0.5}, Npy.read(new ByteArrayInputStream(
                file(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1), }", bf.array())), "bf.npy").toDoubles());
    }

    @Test
    void readsFortranOrderAsTheSameArrayInCOrder() throws IOException {
        // numpy.save(a.T) writes a's transpose in Fortran order: element (i, j) of the 2 x 3 array is stored at i + 2 j.
        ByteBuffer two = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 2; i++) {
                two.putDouble(10 * i + j);
            }
        }
        Npy.Array a = Npy.read(new ByteArrayInputStream(file(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", two.array())), "t.npy");
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {0, 1, 2, 10, 11, 12}, a.toDoubles());
        // Three dimensions, float32: the first index varies fastest in the file.
        ByteBuffer three = ByteBuffer.allocate(12 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    three.putFloat(100 * i + 10 * j + k);
                }
            }
        }
        Npy.Array b = Npy.read(new ByteArrayInputStream(file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 2), }", three.array())), "f3.npy");
        double[] expected = new double[12];
        for (int i = 0, c = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    expected[c++] = 100 * i + 10 * j + k;
                }
            }
        }
        assertArrayEquals(expected, b.toDoubles());
    }

    @Test
    void refusesTruncationAndOtherFiles() {
        IOException t = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(
                file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", new byte[8])), "t.npy"));
        assertTrue(t.getMessage().contains("t.npy") && t.getMessage().contains("truncated"), t.getMessage());
        IOException csv = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream("1,2,3\n".getBytes()), "x.csv"));
        assertTrue(csv.getMessage().contains("not a NumPy"), csv.getMessage());
    }

    private static String failure(byte[] bytes) {
        return assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(bytes), "in.npy")).getMessage();
    }

    @Test
    void everyDamagedHeaderIsNamedWithItsReasonAndWhatToDo() {
        String[] m = {
                failure(new byte[] {(byte) 0x93, 'N', 'U'}),
                failure("PK\u0003\u0004 a zip".getBytes(StandardCharsets.ISO_8859_1)),
                failure(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 7, 0, 16, 0}),
                failure(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 64}),
                failure(file(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", new byte[8])),
                failure(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", new byte[0])),
                failure(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }", new byte[0])),
                failure(file(1, "{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", new byte[4])),
                failure(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 32768), }", new byte[0]))};
        String[][] expected = {
                {"not a NumPy .npy file", "only 3 bytes long", "numpy.save"},
                {"not a NumPy .npy file", "\\x93NUMPY", "numpy.save"},
                {"format version 7", "1, 2 and 3", "numpy.save"},
                {"header claims 1073741824 bytes", "damaged"},
                {"not a NumPy array description", "'descr'", "plain numeric array"},
                {"shape (2, -3)", "damaged"},
                {"too large for any file", "damaged"},
                {"'<u2' is not supported", "bool, uint8, int32, int64, float32, float64", "astype"},
                {"shape (65536, 32768) (float32)", "2147483631", "separate smaller .npy files"}};
        for (int i = 0; i < m.length; i++) {
            assertTrue(m[i].startsWith("in.npy: "), m[i]);
            for (String part : expected[i]) {
                assertTrue(m[i].contains(part), "'" + part + "' in: " + m[i]);
            }
        }
        // A header cut short is an EOFException, so that InputFiles says "ends early" like for any other file.
        IOException cut = assertThrows(java.io.EOFException.class, () -> Npy.read(new ByteArrayInputStream(
                java.util.Arrays.copyOf(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]), 40)), "cut.npy"));
        assertTrue(cut.getMessage().startsWith("cut.npy: the .npy header ends early") && cut.getMessage().contains("truncated"), cut.getMessage());
    }

    @Test
    void truncatedDataSaysHowMuchIsThere() {
        String m = failure(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", new byte[10]));
        assertTrue(m.contains("in.npy: the data ends after 10 of the 24 bytes that shape (3, 2) of float32 needs")
                && m.contains("truncated or still being written"), m);
        String bytes = failure(file(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }", new byte[2]));
        assertTrue(bytes.contains("ends after 2 of the 5 bytes that shape (5,) of uint8"), bytes);
    }

    @Test
    void theHeaderAloneTakesEveryNumericTypeAndConvertsItsValues() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN).putShort((short) -2).putShort((short) 300).putShort((short) 0);
        ByteArrayInputStream in = new ByteArrayInputStream(file(1, "{'descr': '>i2', 'fortran_order': True, 'shape': (3, 1), }", data.array()));
        Npy.Header h = Npy.readHeader(in, "", EnumSet.allOf(Npy.Element.class));
        assertEquals(Npy.Element.I2, h.element());
        assertEquals(ByteOrder.BIG_ENDIAN, h.order());
        assertTrue(h.fortran());
        assertArrayEquals(new int[] {3, 1}, h.shape());
        assertEquals("(3, 1)", h.shapeText());
        assertEquals(128, h.dataOffset());
        float[] values = new float[3];
        h.toFloats(ByteBuffer.wrap(in.readAllBytes()), values, 3);
        assertArrayEquals(new float[] {-2, 300, 0}, values);
        // Without a name the caller names the file (the dataset reader's problems table does).
        IOException e = assertThrows(IOException.class, () -> Npy.readHeader(new ByteArrayInputStream(
                file(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8])), "", EnumSet.allOf(Npy.Element.class)));
        assertTrue(e.getMessage().startsWith("NumPy element type '<c8' is not supported here") && e.getMessage().contains("uint16"), e.getMessage());
    }
}
