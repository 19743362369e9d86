package org.medtl.core.similarity;

import java.nio.FloatBuffer;

/**
 * Activations of one layer: rows are data points (images, or image positions for convolutional layers),
 * columns are neurons (channels). Two matrices compared by a {@link SimilarityMeasure} must hold the same
 * data points in the same order. Values are row-major, kept in the precision they came in: float32
 * activations (what the extractor writes) stay float32, on the heap or in a memory-mapped file, and are
 * widened to double only when a double-precision measure needs them.
 */
public final class ActivationMatrix {

    /** Double-precision values; for float32 storage filled on first use by a double-precision measure. */
    private volatile double[] data;
    /** Float32 values as stored (heap array or mapped file), or null for double-precision storage. */
    private final FloatBuffer singles;
    private final int dataPoints;
    private final int neurons;
    private final String name;

    private ActivationMatrix(double[] data, FloatBuffer singles, int dataPoints, int neurons, String name) {
        long length = singles != null ? singles.limit() : data.length;
        if (dataPoints < 0 || neurons < 0 || (long) dataPoints * neurons != length) {
            throw new IllegalArgumentException(name + ": " + length + " values do not form a " + dataPoints + " x "
                    + neurons + " matrix");
        }
        this.data = data;
        this.singles = singles;
        this.dataPoints = dataPoints;
        this.neurons = neurons;
        this.name = name;
    }

    /**
     * Wraps row-major values without copying.
     *
     * @param name used in error messages (a file name or a layer)
     */
    public static ActivationMatrix ofRowMajor(String name, double[] values, int dataPoints, int neurons) {
        return new ActivationMatrix(values, null, dataPoints, neurons, name);
    }

    /** Wraps row-major float32 values (the activation-set file type) without copying; do not modify them afterwards. */
    public static ActivationMatrix ofRowMajor(String name, float[] values, int dataPoints, int neurons) {
        return new ActivationMatrix(null, FloatBuffer.wrap(values), dataPoints, neurons, name);
    }

    /** Wraps row-major float32 values held anywhere, e.g. a memory-mapped {@code .npy} file, without copying. */
    static ActivationMatrix ofRowMajor(String name, FloatBuffer values, int dataPoints, int neurons) {
        return new ActivationMatrix(null, values, dataPoints, neurons, name);
    }

    /** Copies a {@code double[dataPoints][neurons]} array. */
    public static ActivationMatrix ofRows(String name, double[][] rows) {
        int n = rows.length == 0 ? 0 : rows[0].length;
        double[] d = new double[rows.length * n];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != n) {
                throw new IllegalArgumentException(name + ": row " + (i + 1) + " has " + rows[i].length + " values, row 1 has " + n);
            }
            System.arraycopy(rows[i], 0, d, i * n, n);
        }
        return new ActivationMatrix(d, null, rows.length, n, name);
    }

    /** The transpose: for inputs stored neurons x data points (google/svcca's layout). Keeps the precision. */
    public ActivationMatrix transpose() {
        if (singles != null) {
            float[] t = new float[dataPoints * neurons];
            for (int i = 0; i < dataPoints; i++) {
                for (int j = 0; j < neurons; j++) {
                    t[j * dataPoints + i] = singles.get(i * neurons + j);
                }
            }
            return new ActivationMatrix(null, FloatBuffer.wrap(t), neurons, dataPoints, name);
        }
        double[] t = new double[data.length];
        for (int i = 0; i < dataPoints; i++) {
            for (int j = 0; j < neurons; j++) {
                t[j * dataPoints + i] = data[i * neurons + j];
            }
        }
        return new ActivationMatrix(t, null, neurons, dataPoints, name);
    }

    /** The given rows and columns, in the given order (the study's position and channel subsets). Keeps the precision. */
    public ActivationMatrix select(int[] rows, int[] columns) {
        if (singles != null) {
            float[] f = new float[rows.length * columns.length];
            int k = 0;
            for (int r : rows) {
                int base = r * neurons;
                for (int c : columns) {
                    f[k++] = singles.get(base + c);
                }
            }
            return new ActivationMatrix(null, FloatBuffer.wrap(f), rows.length, columns.length, name);
        }
        double[] d = new double[rows.length * columns.length];
        int k = 0;
        for (int r : rows) {
            int base = r * neurons;
            for (int c : columns) {
                d[k++] = data[base + c];
            }
        }
        return new ActivationMatrix(d, null, rows.length, columns.length, name);
    }

    public int dataPoints() {
        return dataPoints;
    }

    public int neurons() {
        return neurons;
    }

    public String name() {
        return name;
    }

    public double get(int dataPoint, int neuron) {
        int k = dataPoint * neurons + neuron;
        return singles != null ? singles.get(k) : data[k];
    }

    /** Whether the values are stored as float32 (see {@link #singles()}). */
    boolean isSingle() {
        return singles != null;
    }

    /** The float32 values, row-major (not a copy: read with absolute gets only); null for double storage. */
    FloatBuffer singles() {
        return singles;
    }

    /** The row-major values in double precision (not a copy: do not modify); float32 storage is widened once. */
    double[] values() {
        double[] d = data;
        if (d == null) {
            synchronized (this) {
                d = data;
                if (d == null) {
                    d = new double[singles.limit()];
                    float[] chunk = new float[Math.min(d.length, 1 << 16)];
                    for (int from = 0; from < d.length; from += chunk.length) {
                        int len = Math.min(chunk.length, d.length - from);
                        singles.get(from, chunk, 0, len);
                        for (int k = 0; k < len; k++) {
                            d[from + k] = chunk[k];
                        }
                    }
                    data = d;
                }
            }
        }
        return d;
    }

    /** Fails on NaN or infinite values, naming the first one's row and column (1-based). */
    public void requireFinite() {
        long length = (long) dataPoints * neurons;
        for (int i = 0; i < length; i++) {
            double v = singles != null ? singles.get(i) : data[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + ": value " + v + " at data point (row) " + (i / neurons + 1)
                        + ", neuron (column) " + (i % neurons + 1) + "; activations must be finite numbers. Check the model "
                        + "(diverged training gives NaN) or the file.");
            }
        }
    }

    @Override
    public String toString() {
        return name + " [" + dataPoints + " data points x " + neurons + " neurons]";
    }

    /** Equal dimensions and values, whatever the storage precision (a float32 value equals its double widening). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ActivationMatrix m) || m.dataPoints != dataPoints || m.neurons != neurons) {
            return false;
        }
        for (int i = 0; i < dataPoints; i++) {
            for (int j = 0; j < neurons; j++) {
                if (Double.doubleToLongBits(get(i, j)) != Double.doubleToLongBits(m.get(i, j))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < dataPoints; i++) {
            for (int j = 0; j < neurons; j++) {
                h = 31 * h + Double.hashCode(get(i, j));
            }
        }
        return 31 * h + neurons;
    }
}
