package org.medtl.core.model;

import ai.djl.nn.Parameter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MedTL's weight file ({@code weights.bin}): named float32 tensors, so that loading checks every
 * name and shape against the architecture (DJL's own parameter format is positional and would load a
 * wrong file without complaint). Layout: magic {@code MEDTLW01}, tensor count (int32), then per tensor
 * its name (Java modified UTF-8), rank (int32), dims (int64 each), values (float32 little-endian);
 * header integers are big-endian.
 */
final class TensorFile {

    static final String FILE_NAME = "weights.bin";
    private static final String MAGIC = "MEDTLW01";

    private TensorFile() {
    }

    static void write(Path file, Map<String, Parameter> parameters) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20))) {
            out.writeBytes(MAGIC);
            out.writeInt(parameters.size());
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                Parameter p = e.getValue();
                if (!p.isInitialized()) {
                    throw new IllegalStateException("Parameter " + e.getKey() + " has no value; initialise or load the network first.");
                }
                long[] shape = p.getShape().getShape();
                out.writeUTF(e.getKey());
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                float[] v = p.getArray().toFloatArray();
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                out.write(b.array());
            }
        }
    }

    static Map<String, HostTensor> read(Path file) throws IOException {
        return org.medtl.core.io.InputFiles.read(file, "the model's weights (" + FILE_NAME + ")", () -> readTensors(file));
    }

    private static Map<String, HostTensor> readTensors(Path file) throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals(MAGIC)) {
                throw new IOException(file + " is not a MedTL weight file (wrong magic).");
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int rank = in.readInt();
                long[] shape = new long[rank];
                long size = 1;
                for (int r = 0; r < rank; r++) {
                    shape[r] = in.readLong();
                    size *= shape[r];
                }
                byte[] bytes = new byte[Math.toIntExact(size * 4)];
                in.readFully(bytes);
                float[] v = new float[(int) size];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                tensors.put(name, new HostTensor(shape, v));
            }
        } catch (EOFException e) {
            throw new IOException(file + " ends early: the weight file is truncated. Save the model again.", e);
        }
        return tensors;
    }
}
