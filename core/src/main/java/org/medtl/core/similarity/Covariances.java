package org.medtl.core.similarity;

import org.bytedeco.javacpp.DoublePointer;

/**
 * Second moments of two centred activation matrices, computed once and shared by every measure:
 * the scatter blocks {@code Qxx = Xc^T Xc}, {@code Qyy}, {@code Qxy} (covariances times m-1; the
 * measures are invariant to that factor), the neuron means and each data point's squared centred norm
 * (needed by the debiased CKA estimator).
 *
 * <p>Only the three blocks are formed (dsyrk, dsyrk, dgemm): the reference's {@code np.cov} of the
 * stacked activations also computes {@code Qyx}, twice the work.</p>
 */
final class Covariances {

    final int m;
    final int nx;
    final int ny;
    final double[] meanX;
    final double[] meanY;
    /** Column-major scatter blocks. */
    final double[] qxx;
    final double[] qyy;
    final double[] qxy;
    /** Per data point: sum over neurons of squared centred activations. */
    final double[] rowNormsX;
    final double[] rowNormsY;

    private Covariances(int m, int nx, int ny, double[] meanX, double[] meanY, double[] qxx, double[] qyy, double[] qxy,
            double[] rowNormsX, double[] rowNormsY) {
        this.m = m;
        this.nx = nx;
        this.ny = ny;
        this.meanX = meanX;
        this.meanY = meanY;
        this.qxx = qxx;
        this.qyy = qyy;
        this.qxy = qxy;
        this.rowNormsX = rowNormsX;
        this.rowNormsY = rowNormsY;
    }

    static Covariances of(ActivationMatrix x, ActivationMatrix y) {
        if (x.dataPoints() != y.dataPoints()) {
            throw new IllegalArgumentException("X (" + x.name() + ") has " + x.dataPoints() + " data points but Y (" + y.name()
                    + ") has " + y.dataPoints() + "; both must hold the same data points in the same order.");
        }
        if (x.dataPoints() < 2) {
            throw new IllegalArgumentException("at least 2 data points are needed to estimate covariances, got " + x.dataPoints());
        }
        if (x.neurons() == 0 || y.neurons() == 0) {
            throw new IllegalArgumentException((x.neurons() == 0 ? x.name() : y.name()) + " has no neurons (columns)");
        }
        x.requireFinite();
        y.requireFinite();
        int m = x.dataPoints();
        double[] mx = means(x);
        double[] my = means(y);
        double[] rx = new double[m];
        double[] ry = new double[m];
        try (DoublePointer cx = centred(x, mx, rx); DoublePointer cy = centred(y, my, ry)) {
            double[] qxx = Linalg.gram(cx, x.neurons(), m);
            double[] qyy = Linalg.gram(cy, y.neurons(), m);
            double[] qxy = Linalg.cross(cx, x.neurons(), cy, y.neurons(), m);
            return new Covariances(m, x.neurons(), y.neurons(), mx, my, qxx, qyy, qxy, rx, ry);
        }
    }

    private static double[] means(ActivationMatrix a) {
        int n = a.neurons();
        double[] v = a.values();
        double[] sum = new double[n];
        for (int i = 0, k = 0; i < a.dataPoints(); i++) {
            for (int j = 0; j < n; j++) {
                sum[j] += v[k++];
            }
        }
        for (int j = 0; j < n; j++) {
            sum[j] /= a.dataPoints();
        }
        return sum;
    }

    /** Centred copy off-heap; row-major data points x neurons is column-major neurons x data points. */
    private static DoublePointer centred(ActivationMatrix a, double[] mean, double[] rowNorms) {
        int n = a.neurons();
        double[] v = a.values();
        DoublePointer p = Linalg.allocate(v.length);
        // Copied in chunks of whole rows: one JNI call per chunk instead of per row.
        int rowsPerChunk = Math.max(1, (1 << 16) / n);
        double[] chunk = new double[Math.min(a.dataPoints(), rowsPerChunk) * n];
        for (int start = 0; start < a.dataPoints(); start += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, a.dataPoints() - start);
            for (int r = 0; r < rows; r++) {
                int i = start + r;
                int base = i * n;
                int off = r * n;
                double norm = 0;
                for (int j = 0; j < n; j++) {
                    double c = v[base + j] - mean[j];
                    chunk[off + j] = c;
                    norm += c * c;
                }
                rowNorms[i] = norm;
            }
            p.position((long) start * n).put(chunk, 0, rows * n);
        }
        return p.position(0);
    }
}
