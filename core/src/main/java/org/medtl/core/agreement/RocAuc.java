package org.medtl.core.agreement;

import java.util.Arrays;
import java.util.Comparator;

/**
 * ROC AUC as the Mann-Whitney statistic with mid-ranks for ties (equal to scikit-learn's
 * {@code roc_auc_score}), and DeLong's variance through the structural components.
 *
 * <p>DeLong, DeLong, Clarke-Pearson, "Comparing the areas under two or more correlated receiver operating
 * characteristic curves: a nonparametric approach", Biometrics 44 (1988); computed in O(N log N) with
 * mid-ranks as in Sun and Xu, "Fast implementation of DeLong's algorithm", IEEE SPL 21 (2014):
 * {@code V10_i = (R_i - R^+_i) / n}, {@code V01_j = 1 - (R_j - R^-_j) / m} for m positives and n negatives,
 * R the mid-rank among all scores, R^+ / R^- the mid-rank within the positives / negatives.</p>
 */
public final class RocAuc {

    private RocAuc() {
    }

    /** AUC and structural components of one score vector; null when one class is absent. */
    record Components(double auc, double[] v10, double[] v01) {
    }

    static Components components(boolean[] positive, double[] score) {
        int m = 0;
        for (boolean p : positive) {
            if (p) {
                m++;
            }
        }
        int n = positive.length - m;
        if (m == 0 || n == 0) {
            return null;
        }
        double[] pos = new double[m];
        double[] neg = new double[n];
        for (int i = 0, a = 0, b = 0; i < score.length; i++) {
            if (positive[i]) {
                pos[a++] = score[i];
            } else {
                neg[b++] = score[i];
            }
        }
        double[] all = new double[m + n];
        System.arraycopy(pos, 0, all, 0, m);
        System.arraycopy(neg, 0, all, m, n);
        double[] rAll = midRanks(all);
        double[] rPos = midRanks(pos);
        double[] rNeg = midRanks(neg);
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            v10[i] = (rAll[i] - rPos[i]) / n;
            sum += v10[i];
        }
        for (int j = 0; j < n; j++) {
            v01[j] = 1 - (rAll[m + j] - rNeg[j]) / m;
        }
        return new Components(sum / m, v10, v01);
    }

    /** ROC AUC (Mann-Whitney with mid-ranks) of one score vector; NaN when one class is absent. */
    public static double auc(boolean[] positive, double[] score) {
        Components c = components(positive, score);
        return c == null ? Double.NaN : c.auc();
    }

    /** 1-based mid-ranks (ties get the average of their ranks). */
    static double[] midRanks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
        double[] r = new double[x.length];
        int i = 0;
        while (i < x.length) {
            int j = i;
            while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mid;
            }
            i = j + 1;
        }
        return r;
    }

    /** DeLong covariance of two AUCs on the same samples: {@code S10/m + S01/n}, as [varA, varB, cov]. */
    static double[] delongCovariance(Components a, Components b) {
        int m = a.v10().length;
        int n = a.v01().length;
        double s10aa = cov(a.v10(), a.v10());
        double s10bb = cov(b.v10(), b.v10());
        double s10ab = cov(a.v10(), b.v10());
        double s01aa = cov(a.v01(), a.v01());
        double s01bb = cov(b.v01(), b.v01());
        double s01ab = cov(a.v01(), b.v01());
        return new double[] {s10aa / m + s01aa / n, s10bb / m + s01bb / n, s10ab / m + s01ab / n};
    }

    /** Sample covariance (n-1 denominator), as DeLong et al. define S10 and S01. */
    private static double cov(double[] x, double[] y) {
        int k = x.length;
        if (k < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < k; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= k;
        my /= k;
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (k - 1);
    }
}
