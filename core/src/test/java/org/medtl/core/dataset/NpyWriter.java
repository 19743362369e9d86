package org.medtl.core.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes NumPy .npy (format 1.0) and .npz files as numpy.save / numpy.savez_compressed do. */
public final class NpyWriter {
    private NpyWriter() {
    }

    static byte[] npy(String descr, long[] shape, byte[] data) {
        return npy(descr, shape, data, false);
    }

    /** {@code data} already in the order the header states (Fortran: first index fastest). */
    static byte[] npy(String descr, long[] shape, byte[] data, boolean fortranOrder) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        s.append(")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': " + s + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    public static void writeNpy(Path file, String descr, long[] shape, byte[] data) throws IOException {
        writeNpy(file, descr, shape, data, false);
    }

    public static void writeNpy(Path file, String descr, long[] shape, byte[] data, boolean fortranOrder) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, npy(descr, shape, data, fortranOrder));
    }

    static void writeNpz(Path file, Map<String, byte[]> arrays, boolean compressed) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                if (!compressed) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
