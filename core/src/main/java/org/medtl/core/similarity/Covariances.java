package org.medtl.core.similarity;

import org.bytedeco.javacpp.DoublePointer;

/**
 * Second moments of two centred activation matrices, computed once and shared by every measure:
 * the scatter blocks {@code Qxx = Xc^T Xc}, {@code Qyy}, {@code Qxy} (covariances times m-1; the
 * measures are invariant to that factor), the neuron means and each data point's squared centred norm
 * (needed by the debiased CKA estimator).
 *
 * <p>One dsyrk of the stacked activations forms the upper triangle only; the reference's {@code np.cov}
 * (a full matrix product) also computes the lower triangle, twice the work.</p>
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
        requireComparable(x, y);
        x.requireFinite();
        y.requireFinite();
        int m = x.dataPoints();
        int nx = x.neurons();
        int ny = y.neurons();
        double[] mx = means(x);
        double[] my = means(y);
        double[] rx = new double[m];
        double[] ry = new double[m];
        // dsyrk on the stacked activations [Xc Yc] gives all three blocks: the same flops as dsyrk, dsyrk,
        // dgemm, but larger calls that OpenBLAS runs 2-3x more efficiently (measured at 512 x 50,000). The data
        // go through a reused off-heap block of data points, accumulating into the result: memory stays
        // bounded and no large native buffer is touched for the first time (page faults cost as much as the
        // arithmetic for tall matrices).
        int n = nx + ny;
        double[] joint = new double[n * n];
        int block = (int) Math.max(1, Math.min(m, blockElements / n));
        try (DoublePointer buffer = Linalg.allocate((long) block * n); DoublePointer c = Linalg.allocate((long) n * n)) {
            c.zero();
            for (int start = 0; start < m; start += block) {
                int rows = Math.min(block, m - start);
                stack(x, mx, rx, y, my, ry, start, rows, buffer);
                Linalg.gramAccumulate(buffer, n, rows, c);
            }
            c.get(joint);
        }
        Linalg.symmetrizeUpper(joint, n);
        double[] qxx = new double[nx * nx];
        double[] qyy = new double[ny * ny];
        double[] qxy = new double[nx * ny];
        for (int j = 0; j < nx; j++) {
            System.arraycopy(joint, j * n, qxx, j * nx, nx);
        }
        for (int j = 0; j < ny; j++) {
            System.arraycopy(joint, (nx + j) * n, qxy, j * nx, nx);
            System.arraycopy(joint, (nx + j) * n + nx, qyy, j * ny, ny);
        }
        return new Covariances(m, nx, ny, mx, my, qxx, qyy, qxy, rx, ry);
    }

    /** Same data points on both sides, at least 2 of them, and at least one neuron each; messages for the user. */
    static void requireComparable(ActivationMatrix x, ActivationMatrix y) {
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

    /** Elements of the reused block of centred data points (64 MB); lowered by a test to cross block edges. */
    static long blockElements = 1L << 23;

    /**
     * Centres data points {@code start .. start+rows-1} of X and Y side by side into {@code buffer}: data
     * point i is column i of a column-major (nx + ny) x rows matrix, its first nx entries from X.
     */
    private static void stack(ActivationMatrix x, double[] meanX, double[] normsX, ActivationMatrix y, double[] meanY,
            double[] normsY, int start, int rows, DoublePointer buffer) {
        int nx = x.neurons();
        int ny = y.neurons();
        int n = nx + ny;
        double[] vx = x.values();
        double[] vy = y.values();
        // Copied in chunks of whole data points: one JNI call per chunk instead of per row.
        int perChunk = Math.max(1, (1 << 16) / n);
        double[] chunk = new double[Math.min(rows, perChunk) * n];
        for (int from = 0; from < rows; from += perChunk) {
            int count = Math.min(perChunk, rows - from);
            for (int r = 0; r < count; r++) {
                int i = start + from + r;
                int off = r * n;
                double norm = 0;
                for (int j = 0, base = i * nx; j < nx; j++) {
                    double c = vx[base + j] - meanX[j];
                    chunk[off + j] = c;
                    norm += c * c;
                }
                normsX[i] = norm;
                norm = 0;
                for (int j = 0, base = i * ny; j < ny; j++) {
                    double c = vy[base + j] - meanY[j];
                    chunk[off + nx + j] = c;
                    norm += c * c;
                }
                normsY[i] = norm;
            }
            buffer.position((long) from * n).put(chunk, 0, count * n);
        }
        buffer.position(0);
    }
}
