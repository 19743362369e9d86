package org.medtl.core.similarity;

import java.util.List;
import java.util.Locale;

/**
 * The CCA step of google/svcca {@code cca_core.get_cca_similarity}/{@code compute_ccas}, from covariance
 * blocks: scale Sigma_xx and Sigma_yy by their largest absolute entry (Sigma_xy by the square root of
 * both), drop neurons whose scaled variance is below epsilon, add epsilon I, take inverse square roots
 * and return the singular values of {@code Sxx^-1/2 Sxy Syy^-1/2}: the canonical correlations.
 *
 * <p>The reference inverts with {@code np.linalg.pinv} and then takes the square root through
 * {@code eigh}; here one symmetric eigen-decomposition gives both, with the same pseudo-inverse cutoff
 * (eigenvalues at most 1e-15 times the largest count as zero). Where the reference would take the square
 * root of a slightly negative eigenvalue of the pseudo-inverse and return NaN, those directions are
 * treated as zero-variance directions and a warning says so.</p>
 */
final class CcaCore {

    /** numpy.linalg.pinv's default rcond. */
    static final double PINV_RCOND = 1e-15;
    /** Relative eigenvalue below which a covariance is reported as numerically singular. */
    static final double SINGULAR_WARNING = 1e-10;

    private CcaCore() {
    }

    /**
     * @param s      canonical correlations, descending, length min(kept x, kept y)
     * @param keptX  indices of X's neurons that were kept
     * @param u      when vectors were asked: left singular vectors of the whitened cross-covariance in the
     *               kept-neuron basis of X (keptX x s.length, column-major); google/svcca's {@code coef_x = u.T}
     * @param vt     right singular vectors as rows (s.length x keptY); google/svcca's {@code coef_y}
     */
    record Solution(double[] s, int[] keptX, int[] keptY, double[] u, double[] vt) {
    }

    static Solution solve(double[] sxx, int nx, double[] sxy, double[] syy, int ny, double epsilon, boolean vectors,
            List<String> warnings, String xName, String yName) {
        double xmax = maxAbs(sxx);
        double ymax = maxAbs(syy);
        if (xmax == 0 || ymax == 0) {
            throw new IllegalArgumentException("every neuron of " + (xmax == 0 ? xName : yName)
                    + " is constant over the data points: there is nothing to correlate (dead layer or constant input?)");
        }
        double xy = Math.sqrt(xmax * ymax);
        int[] keptX = keep(sxx, nx, xmax, epsilon);
        int[] keptY = keep(syy, ny, ymax, epsilon);
        if (keptX.length < nx) {
            warnings.add(String.format(Locale.ROOT, "%s: %d of %d neurons dropped: their variance is below epsilon=%g times the "
                    + "largest covariance entry (constant or nearly constant neurons)", xName, nx - keptX.length, nx, epsilon));
        }
        if (keptY.length < ny) {
            warnings.add(String.format(Locale.ROOT, "%s: %d of %d neurons dropped: their variance is below epsilon=%g times the "
                    + "largest covariance entry (constant or nearly constant neurons)", yName, ny - keptY.length, ny, epsilon));
        }
        if (keptX.length == 0 || keptY.length == 0) {
            throw new IllegalArgumentException("no neuron of " + (keptX.length == 0 ? xName : yName)
                    + " has a variance above epsilon=" + epsilon + " times the largest; lower --epsilon or check the activations");
        }
        int kx = keptX.length;
        int ky = keptY.length;
        double[] cxx = crop(sxx, nx, keptX, keptX, 1 / xmax);
        double[] cyy = crop(syy, ny, keptY, keptY, 1 / ymax);
        double[] cxy = crop(sxy, nx, keptX, keptY, 1 / xy);
        for (int i = 0; i < kx; i++) {
            cxx[i + i * kx] += epsilon;
        }
        for (int i = 0; i < ky; i++) {
            cyy[i + i * ky] += epsilon;
        }
        Linalg.Eigen ex = Linalg.symmetricEigen(cxx, kx);
        Linalg.Eigen ey = Linalg.symmetricEigen(cyy, ky);
        double[] fx = inverseSqrt(ex, epsilon, warnings, xName);
        double[] fy = inverseSqrt(ey, epsilon, warnings, yName);
        // Sxx^-1/2 Sxy Syy^-1/2 = Vx (Fx Vx^T Sxy Vy Fy) Vy^T: the outer rotations do not change singular values.
        double[] t = Linalg.multiply(ex.vectors(), true, cxy, false, kx, kx, ky);
        double[] core = Linalg.multiply(t, false, ey.vectors(), false, kx, ky, ky);
        for (int j = 0; j < ky; j++) {
            for (int i = 0; i < kx; i++) {
                core[i + j * kx] *= fx[i] * fy[j];
            }
        }
        Linalg.Svd svd = Linalg.svd(core, kx, ky, vectors);
        double[] s = svd.s();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(s[i]);
        }
        if (!vectors) {
            return new Solution(s, keptX, keptY, null, null);
        }
        int r = s.length;
        double[] u = Linalg.multiply(ex.vectors(), false, svd.u(), false, kx, kx, r);
        double[] vt = Linalg.multiply(svd.vt(), false, ey.vectors(), true, r, ky, ky);
        return new Solution(s, keptX, keptY, u, vt);
    }

    private static double[] inverseSqrt(Linalg.Eigen e, double epsilon, List<String> warnings, String name) {
        double[] w = e.values();
        double max = 0;
        for (double v : w) {
            max = Math.max(max, Math.abs(v));
        }
        double cutoff = PINV_RCOND * max;
        double[] f = new double[w.length];
        int zero = 0;
        int negative = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > cutoff) {
                f[i] = 1 / Math.sqrt(w[i]);
            } else {
                zero++;
                if (w[i] < -cutoff) {
                    negative++;
                }
            }
        }
        double smallest = w.length == 0 ? 0 : w[0] - epsilon;
        if (zero > 0) {
            warnings.add(String.format(Locale.ROOT, "%s: covariance is singular (%d of %d directions have no variance%s: duplicated "
                    + "or linearly dependent neurons, or fewer data points than neurons); the pseudo-inverse ignores those "
                    + "directions as google/svcca's pinv does. Set epsilon > 0 to regularise instead", name, zero, w.length,
                    negative > 0 ? ", " + negative + " slightly negative from rounding" : ""));
        } else if (max > 0 && smallest < SINGULAR_WARNING * max) {
            warnings.add(String.format(Locale.ROOT, "%s: covariance is nearly singular (smallest/largest eigenvalue %.3g, before adding "
                    + "epsilon=%g): duplicated or linearly dependent neurons; the result leans on the regularisation", name,
                    smallest / max, epsilon));
        }
        return f;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static int[] keep(double[] s, int n, double max, double epsilon) {
        int[] idx = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(s[i + i * n] / max) >= epsilon) {
                idx[k++] = i;
            }
        }
        return java.util.Arrays.copyOf(idx, k);
    }

    private static double[] crop(double[] a, int lda, int[] rows, int[] cols, double scale) {
        int r = rows.length;
        double[] out = new double[r * cols.length];
        for (int j = 0; j < cols.length; j++) {
            int src = cols[j] * lda;
            for (int i = 0; i < r; i++) {
                out[i + j * r] = a[src + rows[i]] * scale;
            }
        }
        return out;
    }

    /**
     * google/svcca's {@code sum_threshold}: the first index i with sum(s[:i]) >= threshold * sum(s), or
     * s.length when no index below the length reaches it (the reference then returns None, which slices all).
     */
    static int sumThreshold(double[] s, double threshold) {
        double total = 0;
        for (double v : s) {
            total += v;
        }
        double partial = 0;
        for (int i = 0; i < s.length; i++) {
            if (partial / total >= threshold) {
                return i;
            }
            partial += s[i];
        }
        return s.length;
    }

    static double mean(double[] s, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += s[i];
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
