package org.medtl.core.agreement;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.special.Erf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point for prediction agreement between two models (the study's "prediction similarity"):
 * joins the two predictions tables by sample id (and fold, when both have folds) and computes
 * {@link FoldAgreement} per fold, pooled, and the mean and std over folds.
 *
 * <p>References: error consistency and its kappa, Geirhos, Meding, Wichmann, "Beyond accuracy:
 * quantifying trial-by-trial behaviour of CNNs and humans by measuring error consistency", NeurIPS 2020;
 * Cohen, "A coefficient of agreement for nominal scales", 1960; McNemar, Psychometrika 1947 (exact
 * binomial form); DeLong et al., Biometrics 1988 (see {@link RocAuc}). AUCs match scikit-learn's
 * {@code roc_auc_score} (multi-class one-vs-rest with {@code average} macro and weighted; micro as
 * {@code roc_auc_score(one_hot(y), P, average="micro")}, the study's final code).</p>
 */
public final class PredictionAgreement {

    private static final double Z975 = 1.959963984540054;

    private PredictionAgreement() {
    }

    /** Joins A and B by id (and fold) and computes the agreement. Mismatched ids or labels are errors. */
    public static AgreementResult compare(Predictions a, Predictions b) {
        if (a.classes() != b.classes()) {
            throw new IllegalArgumentException(a.source() + " has " + a.classes() + " classes (p_0..p_" + (a.classes() - 1) + ") but "
                    + b.source() + " has " + b.classes() + "; compare models of the same task");
        }
        boolean byFold = a.hasFolds() && b.hasFolds();
        List<String> warnings = new ArrayList<>();
        if (a.hasFolds() != b.hasFolds()) {
            warnings.add("only " + (a.hasFolds() ? a.source() : b.source()) + " has a fold column; rows matched by id only, no per-fold results");
        }
        Map<String, Predictions.Row> bIndex = new HashMap<>();
        for (Predictions.Row r : b.rows()) {
            String key = key(r, byFold);
            if (bIndex.put(key, r) != null) {
                throw new IllegalArgumentException(b.source() + ": sample id '" + r.id() + "'" + (byFold ? " in fold " + r.fold() : "")
                        + " appears twice; ids must be unique" + (byFold ? " within a fold" : " (add the fold column)"));
            }
        }
        List<Predictions.Row[]> pairs = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        List<String> missingInB = new ArrayList<>();
        for (Predictions.Row r : a.rows()) {
            String key = key(r, byFold);
            if (seen.put(key, Boolean.TRUE) != null) {
                throw new IllegalArgumentException(a.source() + ": sample id '" + r.id() + "'" + (byFold ? " in fold " + r.fold() : "")
                        + " appears twice; ids must be unique" + (byFold ? " within a fold" : " (add the fold column)"));
            }
            Predictions.Row other = bIndex.get(key);
            if (other == null) {
                missingInB.add(describe(r, byFold));
                continue;
            }
            if (other.label() != r.label()) {
                throw new IllegalArgumentException("sample '" + r.id() + "' has label " + r.label() + " in " + a.source() + " but "
                        + other.label() + " in " + b.source() + "; both tables must come from the same data set");
            }
            pairs.add(new Predictions.Row[] {r, other});
        }
        List<String> missingInA = new ArrayList<>();
        for (Map.Entry<String, Predictions.Row> e : bIndex.entrySet()) {
            if (!seen.containsKey(e.getKey())) {
                missingInA.add(describe(e.getValue(), byFold));
            }
        }
        if (!missingInB.isEmpty() || !missingInA.isEmpty()) {
            StringBuilder sb = new StringBuilder("the two predictions tables do not hold the same samples: ");
            if (!missingInB.isEmpty()) {
                sb.append(missingInB.size()).append(" of ").append(a.source()).append(" missing in ").append(b.source())
                        .append(" (e.g. ").append(String.join(", ", missingInB.subList(0, Math.min(5, missingInB.size())))).append(") ");
            }
            if (!missingInA.isEmpty()) {
                missingInA.sort(null);
                sb.append(missingInA.size()).append(" of ").append(b.source()).append(" missing in ").append(a.source())
                        .append(" (e.g. ").append(String.join(", ", missingInA.subList(0, Math.min(5, missingInA.size())))).append(")");
            }
            sb.append(". Predict both models on the same evaluation folds.");
            throw new IllegalArgumentException(sb.toString().trim());
        }
        FoldAgreement pooled = compute(null, pairs, a.classes());
        List<FoldAgreement> perFold = new ArrayList<>();
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> std = new LinkedHashMap<>();
        if (byFold) {
            Map<String, List<Predictions.Row[]>> folds = new LinkedHashMap<>();
            for (Predictions.Row[] p : pairs) {
                folds.computeIfAbsent(p[0].fold(), k -> new ArrayList<>()).add(p);
            }
            for (Map.Entry<String, List<Predictions.Row[]>> e : folds.entrySet()) {
                perFold.add(compute(e.getKey(), e.getValue(), a.classes()));
            }
            for (String k : perFold.get(0).scalars().keySet()) {
                double[] v = perFold.stream().mapToDouble(f -> f.scalars().get(k)).toArray();
                double s = 0;
                boolean defined = true;
                for (double d : v) {
                    s += d;
                    defined &= Double.isFinite(d);
                }
                double mu = s / v.length;
                double ss = 0;
                for (double d : v) {
                    ss += (d - mu) * (d - mu);
                }
                mean.put(k, defined ? mu : Double.NaN);
                std.put(k, defined && v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN);
                if (!defined) {
                    warnings.add(k + " is undefined in at least one fold, so its mean and std over folds are null");
                }
            }
        }
        return new AgreementResult(pooled, perFold, mean, std, warnings);
    }

    private static String key(Predictions.Row r, boolean byFold) {
        return byFold ? r.fold() + "\u0000" + r.id() : r.id();
    }

    private static String describe(Predictions.Row r, boolean byFold) {
        return "'" + r.id() + "'" + (byFold ? " (fold " + r.fold() + ")" : "");
    }

    static FoldAgreement compute(String fold, List<Predictions.Row[]> pairs, int classes) {
        int n = pairs.size();
        List<String> warnings = new ArrayList<>();
        int[] predA = new int[n];
        int[] predB = new int[n];
        int[] label = new int[n];
        int[] correctness = new int[4];
        int[][] matrix = new int[classes][classes];
        int rightA = 0;
        int rightB = 0;
        int same = 0;
        for (int i = 0; i < n; i++) {
            predA[i] = pairs.get(i)[0].predicted();
            predB[i] = pairs.get(i)[1].predicted();
            label[i] = pairs.get(i)[0].label();
            boolean ra = predA[i] == label[i];
            boolean rb = predB[i] == label[i];
            rightA += ra ? 1 : 0;
            rightB += rb ? 1 : 0;
            same += predA[i] == predB[i] ? 1 : 0;
            correctness[ra ? (rb ? 0 : 1) : (rb ? 2 : 3)]++;
            matrix[predA[i]][predB[i]]++;
        }
        double accA = (double) rightA / n;
        double accB = (double) rightB / n;
        double observed = (double) (correctness[0] + correctness[3]) / n;
        double expected = accA * accB + (1 - accA) * (1 - accB);
        double expectedPaper = accA * accA + (1 - accA) * (1 - accA);
        double ecKappa;
        if (expected >= 1) {
            ecKappa = Double.NaN;
            warnings.add("error-consistency kappa undefined: both models are always right (or always wrong), so the expected "
                    + "consistency is 1");
        } else {
            ecKappa = (observed - expected) / (1 - expected);
        }
        double agreement = (double) same / n;
        double pe = 0;
        for (int k = 0; k < classes; k++) {
            double ra = 0;
            double cb = 0;
            for (int j = 0; j < classes; j++) {
                ra += matrix[k][j];
                cb += matrix[j][k];
            }
            pe += ra / n * cb / n;
        }
        double cohen;
        if (pe >= 1) {
            cohen = Double.NaN;
            warnings.add("Cohen's kappa undefined: both models predict one and the same label for every sample");
        } else {
            cohen = (agreement - pe) / (1 - pe);
        }
        double mcnemar = mcnemarExact(correctness[1], correctness[2]);

        double[] aucA;
        double[] aucB;
        double[] ciA = {Double.NaN, Double.NaN};
        double[] ciB = {Double.NaN, Double.NaN};
        double delongP = Double.NaN;
        if (classes == 2) {
            boolean[] pos = new boolean[n];
            double[] sa = new double[n];
            double[] sb = new double[n];
            for (int i = 0; i < n; i++) {
                pos[i] = label[i] == 1;
                sa[i] = pairs.get(i)[0].p(1);
                sb[i] = pairs.get(i)[1].p(1);
            }
            RocAuc.Components ca = RocAuc.components(pos, sa);
            RocAuc.Components cb = RocAuc.components(pos, sb);
            if (ca == null) {
                aucA = new double[] {Double.NaN};
                aucB = new double[] {Double.NaN};
                warnings.add("AUC undefined: only class " + label[0] + " is present among the " + n + " samples");
            } else {
                aucA = new double[] {ca.auc()};
                aucB = new double[] {cb.auc()};
                double[] cov = RocAuc.delongCovariance(ca, cb);
                if (Double.isFinite(cov[0]) && Double.isFinite(cov[1])) {
                    ciA = ci(ca.auc(), cov[0]);
                    ciB = ci(cb.auc(), cov[1]);
                    double varDiff = cov[0] + cov[1] - 2 * cov[2];
                    if (varDiff > 1e-15 * Math.max(1e-300, cov[0] + cov[1])) {
                        double z = (ca.auc() - cb.auc()) / Math.sqrt(varDiff);
                        delongP = Erf.erfc(Math.abs(z) / Math.sqrt(2));
                    } else if (ca.auc() == cb.auc()) {
                        delongP = Double.NaN;
                        warnings.add("DeLong test undefined: the two models rank the samples identically (zero variance of the "
                                + "AUC difference)");
                    } else {
                        warnings.add("DeLong test undefined: zero variance of the AUC difference");
                    }
                } else {
                    warnings.add("DeLong variance undefined: fewer than 2 samples in a class");
                }
            }
        } else {
            aucA = multiClassAuc(pairs, 0, label, classes, warnings, "A");
            aucB = multiClassAuc(pairs, 1, label, classes, warnings, "B");
        }
        return new FoldAgreement(fold, n, classes, accA, accB, aucA, aucB, observed, expected, expectedPaper, ecKappa, cohen, agreement,
                mcnemar, ciA, ciB, delongP, correctness, matrix, warnings);
    }

    private static double[] ci(double auc, double variance) {
        double half = Z975 * Math.sqrt(Math.max(variance, 0));
        return new double[] {Math.max(0, auc - half), Math.min(1, auc + half)};
    }

    /** [macro, weighted, micro] one-vs-rest AUCs. */
    private static double[] multiClassAuc(List<Predictions.Row[]> pairs, int side, int[] label, int classes, List<String> warnings,
            String model) {
        int n = label.length;
        double macro = 0;
        double weighted = 0;
        boolean defined = true;
        boolean[] pos = new boolean[n];
        double[] score = new double[n];
        boolean[] flatPos = new boolean[n * classes];
        double[] flatScore = new double[n * classes];
        for (int k = 0; k < classes; k++) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                pos[i] = label[i] == k;
                score[i] = pairs.get(i)[side].p(k);
                flatPos[i * classes + k] = pos[i];
                flatScore[i * classes + k] = score[i];
                count += pos[i] ? 1 : 0;
            }
            double auc = RocAuc.auc(pos, score);
            if (Double.isNaN(auc)) {
                defined = false;
                if (side == 0) {
                    warnings.add(String.format(Locale.ROOT, "macro and weighted one-vs-rest AUC undefined: class %d %s", k,
                            count == 0 ? "has no sample" : "is the only class present"));
                }
            } else {
                macro += auc / classes;
                weighted += auc * count / n;
            }
        }
        double micro = RocAuc.auc(flatPos, flatScore);
        return new double[] {defined ? macro : Double.NaN, defined ? weighted : Double.NaN, micro};
    }

    /**
     * McNemar's exact test: two-sided binomial p-value of b discordant pairs one way and c the other,
     * {@code min(1, 2 P(X <= min(b, c)))} with X ~ Bin(b + c, 1/2) (equal to scipy.stats.binomtest's
     * two-sided p for p = 1/2); 1 when there are no discordant pairs.
     */
    static double mcnemarExact(int b, int c) {
        int total = b + c;
        if (total == 0) {
            return 1.0;
        }
        double tail = new BinomialDistribution(null, total, 0.5).cumulativeProbability(Math.min(b, c));
        return Math.min(1.0, 2 * tail);
    }
}
