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
}
