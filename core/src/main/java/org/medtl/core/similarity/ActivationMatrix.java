package org.medtl.core.similarity;

import java.util.Arrays;

/**
 * Activations of one layer: rows are data points (images, or image positions for convolutional layers),
 * columns are neurons (channels). Two matrices compared by a {@link SimilarityMeasure} must hold the same
 * data points in the same order. Values are kept in double precision, row-major.
 */
public final class ActivationMatrix {

    private final double[] data;
    private final int dataPoints;
    private final int neurons;
    private final String name;

    private ActivationMatrix(double[] data, int dataPoints, int neurons, String name) {
        if (dataPoints < 0 || neurons < 0 || (long) dataPoints * neurons != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values do not form a " + dataPoints + " x "
                    + neurons + " matrix");
        }
        this.data = data;
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
        return new ActivationMatrix(values, dataPoints, neurons, name);
    }

    /** Copies row-major float values (the activation-set file type) to double precision. */
    public static ActivationMatrix ofRowMajor(String name, float[] values, int dataPoints, int neurons) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new ActivationMatrix(d, dataPoints, neurons, name);
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
        return new ActivationMatrix(d, rows.length, n, name);
    }

    /** The transpose: for inputs stored neurons x data points (google/svcca's layout). */
    public ActivationMatrix transpose() {
        double[] t = new double[data.length];
        for (int i = 0; i < dataPoints; i++) {
            for (int j = 0; j < neurons; j++) {
                t[j * dataPoints + i] = data[i * neurons + j];
            }
        }
        return new ActivationMatrix(t, neurons, dataPoints, name);
    }

    /** The given rows and columns, in the given order (the study's position and channel subsets). */
    public ActivationMatrix select(int[] rows, int[] columns) {
        double[] d = new double[rows.length * columns.length];
        int k = 0;
        for (int r : rows) {
            int base = r * neurons;
            for (int c : columns) {
                d[k++] = data[base + c];
            }
        }
        return new ActivationMatrix(d, rows.length, columns.length, name);
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
        return data[dataPoint * neurons + neuron];
    }

    /** The backing row-major array (not a copy: do not modify). */
    double[] values() {
        return data;
    }

    /** Fails on NaN or infinite values, naming the first one's row and column (1-based). */
    public void requireFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException(name + ": value " + data[i] + " at data point (row) " + (i / neurons + 1)
                        + ", neuron (column) " + (i % neurons + 1) + "; activations must be finite numbers. Check the model "
                        + "(diverged training gives NaN) or the file.");
            }
        }
    }

    @Override
    public String toString() {
        return name + " [" + dataPoints + " data points x " + neurons + " neurons]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationMatrix m && m.dataPoints == dataPoints && m.neurons == neurons && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + neurons;
    }
}
