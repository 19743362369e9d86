package org.medtl.core.similarity;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * CKA's moments from float32 activations in single precision: SSYRK gives {@code Xc^T Xc} and
 * {@code Yc^T Yc}, SGEMM {@code Xc^T Yc}; neuron means, the centring, each data point's squared norm and the
 * final Frobenius norms are computed in double.
 *
 * <p>Why: at 2048 neurons x 10,000 data points the products are 1.7e11 floating-point operations, all of
 * CKA's cost; single precision runs them at about twice the rate (2.2x measured here) with half the memory
 * traffic, and float32 activations lose nothing on the way in (the centred values are rounded to float
 * once). The values are read straight from the matrix's storage (a memory-mapped {@code .npy} file for
 * the similarity command) into a reused native block: no double-precision copy of the data is made. The error against the
 * double-precision result is measured in docs/similarity.md and bounded by a test (below 1e-6 absolute;
 * 3e-9 at 2048 x 10,000, at most 1.2e-7 in the shapes measured).</p>
 */
final class SinglePrecisionCka {

    /**
     * Work below which CKA stays in double precision: some tens of milliseconds of BLAS, so little to gain, and
     * small problems (the study's 64-channel comparisons, the reference fixtures) keep their double-precision
     * values exactly.
     */
    static final double MIN_FLOPS = 1e9;

    /** Float32 values per native block of data points (32 MB); lowered by a test to cross block edges. */
    static long blockElements = 1L << 23;

    private SinglePrecisionCka() {
    }

    /** Whether CKA between x and y runs here: both stored as float32 and large enough to be worth it. */
    static boolean applies(ActivationMatrix x, ActivationMatrix y) {
        double n = x.neurons() + (double) y.neurons();
        return x.isSingle() && y.isSingle() && n * n * x.dataPoints() >= MIN_FLOPS;
    }

    static Cka.Moments moments(ActivationMatrix x, ActivationMatrix y) {
        Covariances.requireComparable(x, y);
        int m = x.dataPoints();
        int nx = x.neurons();
        int ny = y.neurons();
        double[] normsX = new double[m];
        double[] normsY = new double[m];
        // The passes over the data (means, centring) are memory-bound Java loops: X's run beside Y's, and the
        // BLAS library loads meanwhile, which matters for a whole `./medtl similarity` run.
        ExecutorService helpers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "medtl-cka");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> blas = helpers.submit(Linalg::loadBlas);
            Future<double[]> meansY = helpers.submit(() -> means(y));
            double[] meanX = means(x);
            double[] meanY = join(meansY);
            join(blas);
            // Blocks of data points go through reused native buffers, accumulating into the products: memory
            // stays bounded and no large native buffer is touched for the first time (see Covariances). A
            // row-major block of data points is the column-major neurons x points matrix BLAS wants, so centring
            // is the only change.
            int block = (int) Math.max(1, Math.min(m, blockElements / (nx + ny)));
            try (FloatPointer bx = new FloatPointer((long) block * nx); FloatPointer by = new FloatPointer((long) block * ny);
                    FloatPointer xx = new FloatPointer((long) nx * nx); FloatPointer yy = new FloatPointer((long) ny * ny);
                    FloatPointer xy = new FloatPointer((long) nx * ny)) {
                xx.zero();
                yy.zero();
                xy.zero();
                for (int start = 0; start < m; start += block) {
                    int first = start;
                    int rows = Math.min(block, m - start);
                    Future<?> centredY = helpers.submit(() -> centre(y, meanY, normsY, first, rows, by));
                    centre(x, meanX, normsX, start, rows, bx);
                    join(centredY);
                    Linalg.gramAccumulate(bx, nx, rows, xx);
                    Linalg.gramAccumulate(by, ny, rows, yy);
                    Linalg.crossAccumulate(bx, nx, by, ny, rows, xy);
                }
                return new Cka.Moments(m, nx, ny, squaredFrobenius(xy, nx, ny, false), squaredFrobenius(xx, nx, nx, true),
                        squaredFrobenius(yy, ny, ny, true), normsX, normsY);
            }
        } finally {
            helpers.shutdownNow();
        }
    }

    /** The task's result; its exception (a user-facing IllegalArgumentException, say) as if thrown here. */
    private static <T> T join(Future<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing CKA", e);
        }
    }

    /**
     * Sum of squares, in double, of a column-major r x c product; of a symmetric one from its upper triangle
     * (off-diagonal entries twice).
     */
    private static double squaredFrobenius(FloatPointer product, int r, int c, boolean upperSymmetric) {
        FloatBuffer p = product.asBuffer();
        float[] column = new float[r];
        double sum = 0;
        for (int j = 0; j < c; j++) {
            p.get(j * r, column, 0, r);
            if (upperSymmetric) {
                double off = 0;
                for (int i = 0; i < j; i++) {
                    off += (double) column[i] * column[i];
                }
                sum += 2 * off + (double) column[j] * column[j];
            } else {
                for (int i = 0; i < r; i++) {
                    sum += (double) column[i] * column[i];
                }
            }
        }
        return sum;
    }

    /**
     * Neuron means in double. The sum of finite float32 values cannot overflow a double, so a non-finite
     * sum means a NaN or infinite value, which {@link ActivationMatrix#requireFinite} then locates.
     */
    private static double[] means(ActivationMatrix a) {
        int n = a.neurons();
        int m = a.dataPoints();
        FloatBuffer v = a.singles();
        double[] sum = new double[n];
        int perChunk = Math.max(1, (1 << 16) / n);
        float[] chunk = new float[Math.min(m, perChunk) * n];
        for (int from = 0; from < m; from += perChunk) {
            int count = Math.min(perChunk, m - from);
            v.get(from * n, chunk, 0, count * n);
            for (int r = 0, k = 0; r < count; r++) {
                for (int j = 0; j < n; j++) {
                    sum[j] += chunk[k++];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (!Double.isFinite(sum[j])) {
                a.requireFinite();
            }
            sum[j] /= m;
        }
        return sum;
    }

    /**
     * Centres data points {@code start .. start+rows-1} into {@code buffer} (row-major, i.e. a column-major
     * neurons x rows matrix), rounding each centred value to float once, and records each data point's squared
     * norm of exactly the values BLAS sees.
     */
    private static void centre(ActivationMatrix a, double[] mean, double[] norms, int start, int rows, FloatPointer buffer) {
        int n = a.neurons();
        FloatBuffer values = a.singles();
        FloatBuffer out = buffer.asBuffer();
        int perChunk = Math.max(1, (1 << 16) / n);
        float[] chunk = new float[Math.min(rows, perChunk) * n];
        for (int from = 0; from < rows; from += perChunk) {
            int count = Math.min(perChunk, rows - from);
            values.get((start + from) * n, chunk, 0, count * n);
            for (int r = 0, k = 0; r < count; r++) {
                double norm = 0;
                for (int j = 0; j < n; j++, k++) {
                    float c = (float) (chunk[k] - mean[j]);
                    chunk[k] = c;
                    norm += (double) c * c;
                }
                norms[start + from + r] = norm;
            }
            out.put(from * n, chunk, 0, count * n);
        }
    }
}
