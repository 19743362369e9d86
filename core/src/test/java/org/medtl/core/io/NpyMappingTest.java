package org.medtl.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Npy#mapFloat32}: the values {@link Npy#read} gives, without reading them into the heap. */
class NpyMappingTest {

    @Test
    void mapsWhatReadReads(@TempDir Path dir) throws IOException {
        float[] values = new float[3 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 3;
        }
        Path file = dir.resolve("a.npy");
        Npy.write(file, Npy.Array.float32(values, 3, 5));
        Npy.MappedFloats mapped = Npy.mapFloat32(file);
        assertArrayEquals(new int[] {3, 5}, mapped.shape());
        float[] got = new float[values.length];
        mapped.values().get(0, got);
        assertArrayEquals((float[]) Npy.read(file).data(), got);
        assertTrue(mapped.values().isReadOnly());
    }

    @Test
    void otherLayoutsAreLeftToRead(@TempDir Path dir) throws IOException {
        Path doubles = dir.resolve("d.npy");
        Npy.write(doubles, Npy.Array.float64(new double[] {1, 2}, 2));
        assertNull(Npy.mapFloat32(doubles));

        Path fortran = dir.resolve("f.npy");
        String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }";
        Files.write(fortran, withHeader(header, new byte[16]));
        assertNull(Npy.mapFloat32(fortran));
    }

    @Test
    void truncatedFileIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cut.npy");
        Npy.write(file, Npy.Array.float32(new float[20], 4, 5));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 6));
        IOException e = assertThrows(IOException.class, () -> Npy.mapFloat32(file));
        assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("truncated"), e.getMessage());
    }

    private static byte[] withHeader(String dict, byte[] data) {
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        byte[] out = new byte[10 + header.length() + data.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (header.length() & 0xff), (byte) (header.length() >>> 8)};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, out, 10, header.length());
        System.arraycopy(data, 0, out, 10 + header.length(), data.length);
        return out;
    }
}
