package org.medtl.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a torchvision {@code .pth} state_dict in torch's zip format ({@code <archive>/data.pkl} plus one
 * raw storage per tensor at {@code <archive>/data/<key>}) without Python, through {@link RestrictedUnpickler}.
 * BatchNorm's {@code num_batches_tracked} counters are dropped (they only matter for momentum=None);
 * torchvision's ImageNet classifier {@code fc.*} is returned separately so a backbone can leave it out.
 */
final class TorchStateDict {

    /** The tensors, and the names of ImageNet-top tensors left out of {@code tensors}. */
    record Contents(Map<String, HostTensor> tensors, Map<String, HostTensor> top) {
    }

    private TorchStateDict() {
    }

    static Contents read(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String n = entries.nextElement().getName();
                if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                    prefix = n.substring(0, n.length() - "data.pkl".length());
                    break;
                }
            }
            if (prefix == null) {
                throw new IOException(name + " has no data.pkl: it is not a torch zip-format file. Re-save it with torch >= 1.6"
                        + " (torch.save(model.state_dict(), file)).");
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry bo = zip.getEntry(prefix + "byteorder");
            if (bo != null && new String(readAll(zip, bo), StandardCharsets.US_ASCII).trim().equals("big")) {
                order = ByteOrder.BIG_ENDIAN;
            }
            Object root = RestrictedUnpickler.load(readAll(zip, zip.getEntry(prefix + "data.pkl")), name);
            if (!(root instanceof Map<?, ?> dict)) {
                throw new IOException(name + " does not hold a state_dict (a dictionary of tensors). Save model.state_dict(),"
                        + " not the model object.");
            }
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            Map<String, HostTensor> top = new LinkedHashMap<>();
            Map<String, float[]> storages = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof RestrictedUnpickler.TensorRef t)) {
                    throw new IOException(name + ": entry '" + key + "' is not a tensor.");
                }
                if (key.endsWith("num_batches_tracked")) {
                    continue;
                }
                if (!t.storage().dtype().equals("FloatStorage")) {
                    throw new IOException(name + ": tensor '" + key + "' is " + t.storage().dtype().replace("Storage", "")
                            + ", expected float32. Convert with model.float() before saving.");
                }
                float[] storage = storages.get(t.storage().key());
                if (storage == null) {
                    ZipEntry se = zip.getEntry(prefix + "data/" + t.storage().key());
                    if (se == null) {
                        throw new IOException(name + ": storage " + t.storage().key() + " of tensor '" + key + "' is missing.");
                    }
                    byte[] raw = readAll(zip, se);
                    storage = new float[raw.length / 4];
                    ByteBuffer.wrap(raw).order(order).asFloatBuffer().get(storage);
                    storages.put(t.storage().key(), storage);
                }
                HostTensor h = new HostTensor(t.size(), gather(storage, t, name, key));
                (key.startsWith("fc.") ? top : tensors).put(key, h);
            }
            return new Contents(tensors, top);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(name + " is not a torch zip-format file (" + e.getMessage() + "). Files saved before torch 1.6 or with"
                    + " _use_new_zipfile_serialization=False are not read; re-save with torch.save(model.state_dict(), file).", e);
        }
    }

    /** Copies a strided view into a contiguous row-major array. */
    private static float[] gather(float[] storage, RestrictedUnpickler.TensorRef t, String file, String key) throws IOException {
        long n = 1;
        for (long d : t.size()) {
            n *= d;
        }
        float[] out = new float[Math.toIntExact(n)];
        int rank = t.size().length;
        long[] index = new long[rank];
        for (int i = 0; i < out.length; i++) {
            long pos = t.offset();
            for (int r = 0; r < rank; r++) {
                pos += index[r] * t.stride()[r];
            }
            if (pos < 0 || pos >= storage.length) {
                throw new IOException(file + ": tensor '" + key + "' points outside its storage.");
            }
            out[i] = storage[(int) pos];
            for (int r = rank - 1; r >= 0; r--) {
                if (++index[r] < t.size()[r]) {
                    break;
                }
                index[r] = 0;
            }
        }
        return out;
    }

    private static byte[] readAll(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }
}
