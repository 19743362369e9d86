package org.medtl.core.dataset;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Images in HDF5 datasets (PatchCamelyon: {@code x} of shape (N, 96, 96, 3) uint8), read one image at a time
 * with jHDF's sliced reads, so a 7 GB file is never loaded whole. Same layouts and value rules as
 * {@link NumpyImages}.
 */
final class Hdf5Images {
    private Hdf5Images() {
    }

    /** Open files, least recently used closed first; jHDF file objects are not safe for concurrent reads. */
    private static final Map<Path, HdfFile> OPEN = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, HdfFile> eldest) {
            if (size() > 4) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    static Pixels read(Path file, String entry, int index) throws IOException {
        synchronized (OPEN) {
            Dataset ds = dataset(file, entry);
            long[] dims = ds.getDimensionsAsLong();
            int n;
            int h;
            int w;
            int c;
            if (dims.length == 4 && (dims[3] == 1 || dims[3] == 3 || dims[3] == 4)) {
                n = (int) dims[0];
                h = (int) dims[1];
                w = (int) dims[2];
                c = (int) dims[3];
            } else if (dims.length == 3 && !(dims[2] == 3 || dims[2] == 4)) {
                n = (int) dims[0];
                h = (int) dims[1];
                w = (int) dims[2];
                c = 1;
            } else if (dims.length == 3 || dims.length == 2) {
                n = 1;
                h = (int) dims[0];
                w = (int) dims[1];
                c = dims.length == 3 ? (int) dims[2] : 1;
            } else {
                throw new IOException("dataset '" + entry + "' has shape " + java.util.Arrays.toString(dims)
                        + ", not an image layout ((N, H, W, C), (N, H, W), (H, W, C) or (H, W))");
            }
            if (index < 0 || index >= n) {
                throw new IOException("index " + index + " is outside dataset '" + entry + "' (" + n + " image(s))");
            }
            long[] offset = new long[dims.length];
            int[] size = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                size[i] = (int) dims[i];
            }
            if (n > 1 || dims.length == 4) {
                offset[0] = index;
                size[0] = 1;
            }
            float[] values = new float[h * w * c];
            boolean unsigned = isUnsigned(ds.getDataType());
            Object data;
            try {
                data = ds.getData(offset, size);
            } catch (RuntimeException e) {
                throw new IOException("cannot read image " + index + " of dataset '" + entry + "' (" + e.getMessage() + "); the file may be truncated", e);
            }
            int filled = flatten(data, values, 0, unsigned);
            if (filled != values.length) {
                throw new IOException("dataset '" + entry + "' gave " + filled + " values for a " + h + "x" + w + "x" + c + " image");
            }
            boolean eightBit = unsigned && ds.getDataType().getSize() == 1;
            if (!eightBit) {
                rescale(values, ds.getDataType() instanceof FixedPoint fp && !fp.isSigned() && fp.getSize() == 2);
            }
            if (c == 4) {
                float[] rgb = new float[h * w * 3];
                for (int p = 0; p < h * w; p++) {
                    System.arraycopy(values, p * 4, rgb, p * 3, 3);
                }
                return new Pixels(w, h, 3, rgb);
            }
            if (c != 1 && c != 3) {
                throw new IOException("dataset '" + entry + "' has " + c + " channels; images need 1, 3 or 4");
            }
            return new Pixels(w, h, c, values);
        }
    }

    /** uint16 is scaled by 1/257; other non-uint8 types by the image's own range, as for NumPy arrays. */
    private static void rescale(float[] v, boolean uint16) {
        if (uint16) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= 257f;
            }
            return;
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            if (Float.isFinite(x)) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        float scale = max > min ? 255f / (max - min) : 0f;
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.isFinite(v[i]) ? (v[i] - min) * scale : 0f;
        }
    }

    private static boolean isUnsigned(DataType t) {
        return t instanceof FixedPoint fp && !fp.isSigned();
    }

    /** Shape of a dataset: for listing samples. */
    static long[] shape(Path file, String entry) throws IOException {
        synchronized (OPEN) {
            return dataset(file, entry).getDimensionsAsLong();
        }
    }

    /** All values of a small dataset (labels), flattened. */
    static float[] readAll(Path file, String entry) throws IOException {
        synchronized (OPEN) {
            Dataset ds = dataset(file, entry);
            long size = ds.getSize();
            if (size > 50_000_000L) {
                throw new IOException("dataset '" + entry + "' is too large to read whole (" + size + " values)");
            }
            float[] out = new float[(int) size];
            try {
                flatten(ds.getData(), out, 0, isUnsigned(ds.getDataType()));
            } catch (RuntimeException e) {
                throw new IOException("cannot read dataset '" + entry + "' (" + e.getMessage() + "); the file may be truncated", e);
            }
            return out;
        }
    }

    private static Dataset dataset(Path file, String entry) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        HdfFile hdf = OPEN.get(key);
        if (hdf == null) {
            if (!Files.exists(key)) {
                throw new java.nio.file.NoSuchFileException(key.toString());
            }
            if (Files.size(key) == 0) {
                throw new IOException("the file is empty (0 bytes)");
            }
            try {
                hdf = new HdfFile(key);
            } catch (RuntimeException e) {
                throw new IOException("not a readable HDF5 file (" + e.getMessage() + ")", e);
            }
            OPEN.put(key, hdf);
        }
        Node node;
        try {
            node = hdf.getByPath(entry.isEmpty() ? "/" : entry);
        } catch (RuntimeException e) {
            throw new IOException("the HDF5 file has no dataset '" + entry + "' (top level: " + hdf.getChildren().keySet() + ")");
        }
        if (!(node instanceof Dataset ds)) {
            throw new IOException("'" + entry + "' in the HDF5 file is a group, not a dataset (top level: " + hdf.getChildren().keySet() + ")");
        }
        return ds;
    }

    /** Copies a jHDF multi-dimensional Java array into {@code out} in C order; returns the next free position. */
    private static int flatten(Object data, float[] out, int pos, boolean unsigned) {
        if (data instanceof byte[] b) {
            for (byte x : b) {
                out[pos++] = unsigned ? (x & 0xff) : x;
            }
        } else if (data instanceof short[] s) {
            for (short x : s) {
                out[pos++] = unsigned ? (x & 0xffff) : x;
            }
        } else if (data instanceof int[] a) {
            for (int x : a) {
                out[pos++] = unsigned ? (float) (x & 0xffffffffL) : x;
            }
        } else if (data instanceof long[] a) {
            for (long x : a) {
                out[pos++] = x;
            }
        } else if (data instanceof float[] a) {
            System.arraycopy(a, 0, out, pos, a.length);
            pos += a.length;
        } else if (data instanceof double[] a) {
            for (double x : a) {
                out[pos++] = (float) x;
            }
        } else if (data != null && data.getClass().isArray()) {
            int n = Array.getLength(data);
            for (int i = 0; i < n; i++) {
                pos = flatten(Array.get(data, i), out, pos, unsigned);
            }
        } else {
            throw new IllegalArgumentException("unsupported HDF5 element type " + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        return pos;
    }
}
