package org.medtl.core.similarity;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * CKA's moments from float32 activations in single precision: SSYRK gives {@code X^T X} and {@code Y^T Y},
 * SGEMM {@code X^T Y}; neuron means, the centring correction, each data point's squared centred norm and the
 * final Frobenius norms are computed in double.
 *
 * <p>Why: at 2048 neurons x 10,000 data points the products are 1.7e11 floating-point operations, all of
 * CKA's cost; single precision runs them at about twice the rate (2.2x measured here) with half the memory
 * traffic. BLAS reads the float32 values where they are (a memory-mapped {@code .npy} file for the similarity
 * command): the products are of the uncentred data, centred afterwards in double ({@code Xc^T Yc = X^T Y -
 * m mean(X) mean(Y)^T}), while one thread computes the means beside BLAS. That subtraction cancels digits when a
 * neuron's mean is large against its spread, so it is used only while every neuron's mean square is at most
 * {@link #MAX_MEAN_SQUARE_RATIO} times its variance (activations after ReLU are near 1-3); otherwise the data
 * are centred first, block by block, and the products taken of the centred values. The error against the
 * double-precision result is measured in docs/similarity.md and bounded by a test (below 1e-6 absolute).</p>
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

    /**
     * Largest ratio of a neuron's mean square to its variance for which the products of uncentred data are
     * centred afterwards. The rounding of a float32 product grows with the mean square, the centred value with
     * the variance: measured at 2048 x 10,000 (docs/similarity.md) the CKA error was 1.4e-9 at ratio 1.8, 3.7e-9
     * at 23, 4.6e-8 at 108 and 1.7e-7 at 1,500, against 3-4e-9 when centring first; 64 keeps it near the latter.
     */
    static final double MAX_MEAN_SQUARE_RATIO = 64;

    /** Which computation the last call took (tests). */
    enum Path { UNCENTRED_PRODUCTS, CENTRED_BLOCKS }

    static volatile Path lastPath;

    /**
     * The moments of X and Y; each data point's squared centred norm only with {@code rowNorms} (debiased CKA
     * needs them, plain CKA does not, and they cost a pass over the data).
     */
    static Cka.Moments moments(ActivationMatrix x, ActivationMatrix y, boolean rowNorms) {
        Covariances.requireComparable(x, y);
        int m = x.dataPoints();
        int nx = x.neurons();
        int ny = y.neurons();
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "medtl-cka");
            t.setDaemon(true);
            return t;
        });
        try {
            // Means (and the norms) are a memory-bound Java pass on one thread while BLAS multiplies on the others.
            Future<Spread> spreadX = helper.submit(() -> spread(x));
            Future<Spread> spreadY = helper.submit(() -> spread(y));
            Future<double[]> normsX = rowNorms ? helper.submit(() -> centredRowNorms(x, join(spreadX).mean)) : null;
            Future<double[]> normsY = rowNorms ? helper.submit(() -> centredRowNorms(y, join(spreadY).mean)) : null;
            Linalg.loadBlas();
            try (FloatPointer px = new FloatPointer(x.singles()); FloatPointer py = new FloatPointer(y.singles());
                    FloatPointer xx = new FloatPointer((long) nx * nx); FloatPointer yy = new FloatPointer((long) ny * ny);
                    FloatPointer xy = new FloatPointer((long) nx * ny)) {
                // A row-major data-points x neurons array is the column-major neurons x points matrix BLAS wants.
                Linalg.gramAccumulate(px, nx, m, xx, true);
                Linalg.gramAccumulate(py, ny, m, yy, true);
                Linalg.crossAccumulate(px, nx, py, ny, m, xy, true);
                Spread sx = join(spreadX);
                Spread sy = join(spreadY);
                if (sx.meanSquareRatio() > MAX_MEAN_SQUARE_RATIO || sy.meanSquareRatio() > MAX_MEAN_SQUARE_RATIO) {
                    if (rowNorms) {
                        // The centred blocks give the norms of exactly what BLAS sees; these would be a wasted pass.
                        normsX.cancel(false);
                        normsY.cancel(false);
                    }
                    return centredBlocks(x, y, sx.mean, sy.mean);
                }
                lastPath = Path.UNCENTRED_PRODUCTS;
                return new Cka.Moments(m, nx, ny, centredSquaredFrobenius(xy, sx.mean, sy.mean, m, false),
                        centredSquaredFrobenius(xx, sx.mean, sx.mean, m, true), centredSquaredFrobenius(yy, sy.mean, sy.mean, m, true),
                        rowNorms ? join(normsX) : null, rowNorms ? join(normsY) : null);
            }
        } finally {
            helper.shutdownNow();
        }
    }

    /**
     * The products of data centred first, block by block through reused native buffers (memory stays bounded),
     * with each data point's squared centred norm.
     */
    private static Cka.Moments centredBlocks(ActivationMatrix x, ActivationMatrix y, double[] meanX, double[] meanY) {
        lastPath = Path.CENTRED_BLOCKS;
        int m = x.dataPoints();
        int nx = x.neurons();
        int ny = y.neurons();
        double[] normsX = new double[m];
        double[] normsY = new double[m];
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "medtl-cka-centre");
            t.setDaemon(true);
            return t;
        });
        try {
            int block = (int) Math.max(1, Math.min(m, blockElements / (nx + ny)));
            try (FloatPointer bx = new FloatPointer((long) block * nx); FloatPointer by = new FloatPointer((long) block * ny);
                    FloatPointer xx = new FloatPointer((long) nx * nx); FloatPointer yy = new FloatPointer((long) ny * ny);
                    FloatPointer xy = new FloatPointer((long) nx * ny)) {
                for (int start = 0; start < m; start += block) {
                    int first = start;
                    int rows = Math.min(block, m - start);
                    Future<?> centredY = helper.submit(() -> centre(y, meanY, normsY, first, rows, by));
                    centre(x, meanX, normsX, start, rows, bx);
                    join(centredY);
                    Linalg.gramAccumulate(bx, nx, rows, xx, start == 0);
                    Linalg.gramAccumulate(by, ny, rows, yy, start == 0);
                    Linalg.crossAccumulate(bx, nx, by, ny, rows, xy, start == 0);
                }
                return new Cka.Moments(m, nx, ny, squaredFrobenius(xy, nx, ny, false), squaredFrobenius(xx, nx, nx, true),
                        squaredFrobenius(yy, ny, ny, true), normsX, normsY);
            }
        } finally {
            helper.shutdownNow();
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
     * Sum of squares, in double, of a column-major r x c product of uncentred data after subtracting
     * {@code m a b^T} (which centres it); of a symmetric one from its upper triangle.
     */
    private static double centredSquaredFrobenius(FloatPointer product, double[] a, double[] b, int m, boolean upperSymmetric) {
        int r = a.length;
        int c = b.length;
        FloatBuffer p = product.asBuffer();
        float[] column = new float[r];
        double sum = 0;
        for (int j = 0; j < c; j++) {
            p.get(j * r, column, 0, upperSymmetric ? j + 1 : r);
            double mb = m * b[j];
            if (upperSymmetric) {
                double off = 0;
                for (int i = 0; i < j; i++) {
                    double v = column[i] - a[i] * mb;
                    off += v * v;
                }
                double d = column[j] - a[j] * mb;
                sum += 2 * off + d * d;
            } else {
                for (int i = 0; i < r; i++) {
                    double v = column[i] - a[i] * mb;
                    sum += v * v;
                }
            }
        }
        return sum;
    }

    /** Neuron means and the largest ratio of a neuron's mean square to its variance (infinite for a constant neuron). */
    private record Spread(double[] mean, double meanSquareRatio) {
    }

    /**
     * Means and mean squares in double. The sums of finite float32 values cannot overflow a double, so a
     * non-finite sum means a NaN or infinite value, which {@link ActivationMatrix#requireFinite} then locates.
     */
    private static Spread spread(ActivationMatrix a) {
        int n = a.neurons();
        int m = a.dataPoints();
        double[] sum = new double[n];
        double[] squares = new double[n];
        forEachChunk(a, 0, m, (chunk, first, count) -> {
            for (int r = 0, k = 0; r < count; r++) {
                for (int j = 0; j < n; j++, k++) {
                    double x = chunk[k];
                    sum[j] += x;
                    squares[j] += x * x;
                }
            }
        });
        double ratio = 0;
        for (int j = 0; j < n; j++) {
            if (!Double.isFinite(sum[j]) || !Double.isFinite(squares[j])) {
                a.requireFinite();
            }
            sum[j] /= m;
            double meanSquare = squares[j] / m;
            double variance = meanSquare - sum[j] * sum[j];
            ratio = Math.max(ratio, variance > 0 ? meanSquare / variance : meanSquare > 0 ? Double.POSITIVE_INFINITY : 1);
        }
        return new Spread(sum, ratio);
    }

    /** Each data point's squared norm after centring, in double. */
    private static double[] centredRowNorms(ActivationMatrix a, double[] mean) {
        int n = a.neurons();
        double[] norms = new double[a.dataPoints()];
        forEachChunk(a, 0, a.dataPoints(), (chunk, first, count) -> {
            for (int r = 0, k = 0; r < count; r++) {
                double norm = 0;
                for (int j = 0; j < n; j++, k++) {
                    double c = chunk[k] - mean[j];
                    norm += c * c;
                }
                norms[first + r] = norm;
            }
        });
        return norms;
    }

    /** What is done with one chunk of consecutive data points: {@code count} rows from row {@code first}. */
    private interface ChunkVisitor {
        void visit(float[] chunk, int first, int count);
    }

    /**
     * Hands data points {@code start .. start+rows-1} to the visitor in chunks of about 64k values copied out of
     * the matrix's storage (the visitor may change the chunk).
     */
    private static void forEachChunk(ActivationMatrix a, int start, int rows, ChunkVisitor visitor) {
        int n = a.neurons();
        FloatBuffer values = a.singles();
        int perChunk = Math.max(1, (1 << 16) / n);
        float[] chunk = new float[Math.min(rows, perChunk) * n];
        for (int from = 0; from < rows; from += perChunk) {
            int count = Math.min(perChunk, rows - from);
            values.get((start + from) * n, chunk, 0, count * n);
            visitor.visit(chunk, start + from, count);
        }
    }

    /**
     * Centres data points {@code start .. start+rows-1} into {@code buffer} (row-major, i.e. a column-major
     * neurons x rows matrix), rounding each centred value to float once, and records each data point's squared
     * norm of exactly the values BLAS sees.
     */
    private static void centre(ActivationMatrix a, double[] mean, double[] norms, int start, int rows, FloatPointer buffer) {
        int n = a.neurons();
        FloatBuffer out = buffer.asBuffer();
        forEachChunk(a, start, rows, (chunk, first, count) -> {
            for (int r = 0, k = 0; r < count; r++) {
                double norm = 0;
                for (int j = 0; j < n; j++, k++) {
                    float c = (float) (chunk[k] - mean[j]);
                    chunk[k] = c;
                    norm += (double) c * c;
                }
                norms[first + r] = norm;
            }
            out.put((first - start) * n, chunk, 0, count * n);
        });
    }

}
