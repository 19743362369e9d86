package org.medtl.core.similarity;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Dense double-precision linear algebra on OpenBLAS (BLAS dsyrk/dgemm, LAPACK dsyevd/dgesdd/dpotrf).
 *
 * <p>Why native: the measures' cost at 2048 neurons is a 4096 x 10,000 covariance and eigen/SVD
 * decompositions of 2048 x 2048 matrices; pure-Java decompositions were measured 7-100x slower than
 * LAPACK there (docs/similarity.md). Small matrices are column-major {@code double[]}; the large data
 * matrices live off-heap ({@link DoublePointer}) so that BLAS reads them without a copy. BLAS is called
 * through the {@code openblas_nolapack} bindings, which the {@code openblas} class extends: BLAS-only work
 * (CKA) then never loads the LAPACK library and its 24 MB of bindings.</p>
 */
final class Linalg {

    /** Below this many floating-point operations a call runs on one thread (see {@link #threadsFor}). */
    static final double PARALLEL_FLOPS = 2e8;
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
    private static int threads = -1;

    private Linalg() {
    }

    /**
     * Small problems, and every LAPACK decomposition, run single-threaded. OpenBLAS threads synchronise by
     * spinning; on a busy machine (load 11 on 2 cores, as when KNIME runs several nodes) a descheduled worker
     * made a 64-neuron covariance several times slower, and the many level-2 synchronisations inside dsyevd
     * and dgesdd made a 2048 x 2048 eigen-decomposition take 26 s wall / 10 s CPU with 2 threads against
     * 4.8 s / 2.1 s with one (measured here). Large dsyrk/dgemm use all cores unless other processes keep
     * every core busy ({@link CpuContention}): under load, a 1024 x 50,000 dsyrk took 4.3-5.4 s wall with 2
     * threads and 2.9-3.0 s with one.
     */
    private static synchronized void threadsFor(double flops) {
        int want = flops < PARALLEL_FLOPS || CpuContention.othersKeepEveryCoreBusy() ? 1 : PROCESSORS;
        if (want != threads) {
            openblas_nolapack.blas_set_num_threads(want);
            threads = want;
        }
    }

    /**
     * Loads the BLAS library now (it takes a noticeable part of a second), so that a caller can overlap it
     * with reading its data; the first BLAS call would load it anyway.
     */
    static void loadBlas() {
        org.bytedeco.javacpp.Loader.load(openblas_nolapack.class);
    }

    private static boolean loadingStarted;

    /**
     * {@link #loadBlas} on a daemon thread, once. A BLAS call meanwhile is safe: JavaCPP loads each library once,
     * under its own lock, so the call waits there for the library instead of loading it again.
     */
    static synchronized void loadBlasInBackground() {
        if (!loadingStarted) {
            loadingStarted = true;
            Thread t = new Thread(Linalg::loadBlas, "medtl-blas-load");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Column-major {@code n x m} data matrix off-heap (a row-major data-points x neurons matrix, seen by BLAS). */
    static DoublePointer allocate(long elements) {
        return new DoublePointer(elements);
    }

    /** {@code C += A A^T} (upper triangle) for column-major A (n x m) and C (n x n), both off-heap. */
    static void gramAccumulate(DoublePointer a, int n, int m, DoublePointer c) {
        threadsFor((double) n * n * m);
        openblas_nolapack.cblas_dsyrk(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasUpper,
                openblas_nolapack.CblasNoTrans, n, m, 1.0, a, n, 1.0, c, n);
    }

    /**
     * Single-precision {@code C += A A^T} (upper triangle), as {@link #gramAccumulate}: about twice the arithmetic
     * rate of double and half the memory traffic; for CKA on float32 activations (the error it leaves is
     * measured in docs/similarity.md). {@code overwrite} gives {@code C = A A^T} without reading C, so the first
     * block needs no zeroed product (zeroing three 16 MB products took a tenth of a second here).
     */
    static void gramAccumulate(FloatPointer a, int n, int m, FloatPointer c, boolean overwrite) {
        threadsFor((double) n * n * m);
        openblas_nolapack.cblas_ssyrk(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasUpper,
                openblas_nolapack.CblasNoTrans, n, m, 1f, a, n, overwrite ? 0f : 1f, c, n);
    }

    /**
     * Single-precision {@code C += A B^T} for column-major A (r x m), B (c x m), C (r x c), all off-heap;
     * {@code C = A B^T} with {@code overwrite}.
     */
    static void crossAccumulate(FloatPointer a, int r, FloatPointer b, int c, int m, FloatPointer out, boolean overwrite) {
        threadsFor(2.0 * r * c * m);
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasTrans, r, c, m, 1f, a, r, b, c, overwrite ? 0f : 1f, out, r);
    }

    /** Copies the upper triangle of a column-major n x n matrix to the lower one. */
    static void symmetrizeUpper(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                a[j + i * n] = a[i + j * n];
            }
        }
    }

    /**
     * {@code op(A) op(B)} for small column-major matrices; op(A) is r x k, op(B) is k x c.
     */
    static double[] multiply(double[] a, boolean transA, double[] b, boolean transB, int r, int k, int c) {
        double[] out = new double[r * c];
        if (r == 0 || c == 0 || k == 0) {
            return out;
        }
        int lda = transA ? k : r;
        int ldb = transB ? c : k;
        threadsFor(2.0 * r * k * c);
        int noTrans = openblas_nolapack.CblasNoTrans;
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasColMajor, transA ? openblas_nolapack.CblasTrans : noTrans,
                transB ? openblas_nolapack.CblasTrans : noTrans, r, c, k, 1.0, a, lda, b, ldb, 0.0, out, r);
        return out;
    }

    /** Eigen-decomposition of a symmetric matrix: eigenvalues ascending and eigenvectors as columns. */
    record Eigen(double[] values, double[] vectors, int n) {
    }

    static Eigen symmetricEigen(double[] symmetric, int n) {
        if (isDiagonal(symmetric, n)) {
            // SVCCA's reduced covariances are diagonal by construction; dsyevd would still do O(n^3) work.
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> symmetric[i + i * n]));
            double[] w = new double[n];
            double[] v = new double[n * n];
            for (int j = 0; j < n; j++) {
                w[j] = symmetric[order[j] + order[j] * n];
                v[order[j] + j * n] = 1;
            }
            return new Eigen(w, v, n);
        }
        double[] a = symmetric.clone();
        double[] w = new double[n];
        if (n > 0) {
            threadsFor(0); // single-threaded, see threadsFor
            int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_COL_MAJOR, (byte) 'V', (byte) 'U', n, a, n, w);
            if (info != 0) {
                throw new ArithmeticException("symmetric eigen-decomposition (LAPACK dsyevd) did not converge (info " + info + ")");
            }
        }
        return new Eigen(w, a, n);
    }

    private static boolean isDiagonal(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                if (i != j && a[i + j * n] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Thin SVD {@code A = U diag(s) Vt}: s descending; U (rows x k) and Vt (k x cols) only when asked. */
    record Svd(double[] s, double[] u, double[] vt, int rows, int cols) {
        int rank() {
            return s.length;
        }
    }

    static Svd svd(double[] matrix, int rows, int cols, boolean vectors) {
        int k = Math.min(rows, cols);
        double[] s = new double[k];
        if (k == 0) {
            return new Svd(s, new double[0], new double[0], rows, cols);
        }
        double[] a = matrix.clone();
        double[] u = vectors ? new double[rows * k] : new double[1];
        double[] vt = vectors ? new double[k * cols] : new double[1];
        threadsFor(0); // single-threaded, see threadsFor
        int info = openblas.LAPACKE_dgesdd(openblas.LAPACK_COL_MAJOR, (byte) (vectors ? 'S' : 'N'), rows, cols, a, rows, s, u,
                rows, vt, vectors ? k : 1);
        if (info != 0) {
            throw new ArithmeticException("singular value decomposition (LAPACK dgesdd) did not converge (info " + info + ")");
        }
        return new Svd(s, vectors ? u : null, vectors ? vt : null, rows, cols);
    }

    /** Upper Cholesky factor R (R^T R = A) of a symmetric positive definite matrix, or null if not positive definite. */
    static double[] cholesky(double[] symmetric, int n) {
        double[] a = symmetric.clone();
        threadsFor(0); // single-threaded, see threadsFor
        int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, a, n);
        if (info != 0) {
            return null;
        }
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                a[i + j * n] = 0;
            }
        }
        return a;
    }

    /** Solves {@code R^T X = B} in place for upper-triangular R (n x n) and B (n x c). */
    static void solveUpperTransposed(double[] r, int n, double[] b, int c) {
        threadsFor((double) n * n * c);
        openblas_nolapack.cblas_dtrsm(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasLeft,
                openblas_nolapack.CblasUpper, openblas_nolapack.CblasTrans, openblas_nolapack.CblasNonUnit, n, c, 1.0, r, n, b, n);
    }
}
