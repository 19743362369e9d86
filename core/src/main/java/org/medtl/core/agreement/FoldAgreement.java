package org.medtl.core.agreement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement between two models' predictions on one set of samples (one fold, or all folds pooled).
 * Undefined values are {@code NaN} (written as JSON null) and explained in {@link #warnings()}.
 *
 * @param fold                          fold name; null for all samples pooled
 * @param n                             matched samples
 * @param classes                       number of classes C
 * @param accuracyA                     accuracy of model A (binary: p_1 &gt; 0.5; multi-class: argmax)
 * @param accuracyB                     accuracy of model B
 * @param aucA                          binary: ROC AUC of p_1; multi-class: {@code [macro, weighted, micro]} one-vs-rest
 * @param aucB                          the same for B
 * @param errorConsistencyObserved      fraction of samples where both are right or both are wrong (Geirhos et al. 2020)
 * @param errorConsistencyExpected      its expectation for independent models, {@code accA accB + (1-accA)(1-accB)}
 * @param errorConsistencyExpectedPaper the study's baseline {@code accA^2 + (1-accA)^2} (uses model A's accuracy
 *                                      twice; kept to compare with the paper, not a correct expectation)
 * @param errorConsistencyKappa         {@code (observed - expected) / (1 - expected)} (Geirhos et al., NeurIPS 2020)
 * @param cohenKappa                    Cohen's kappa between the two models' predicted labels (Cohen 1960)
 * @param agreementRate                 fraction of samples with the same predicted label
 * @param mcnemarP                      McNemar's exact two-sided p-value on the discordant correct/wrong pairs
 * @param delongCiA                     binary: DeLong 95 % confidence interval of A's AUC, clipped to [0, 1]
 * @param delongCiB                     the same for B
 * @param delongP                       binary: DeLong's paired two-sided test of AUC A = AUC B
 * @param correctness                   counts {both correct, only A correct, only B correct, both wrong}
 * @param disagreementMatrix            C x C counts: row = A's predicted label, column = B's
 * @param warnings                      why a value is undefined
 */
public record FoldAgreement(String fold, int n, int classes, double accuracyA, double accuracyB, double[] aucA, double[] aucB,
        double errorConsistencyObserved, double errorConsistencyExpected, double errorConsistencyExpectedPaper,
        double errorConsistencyKappa, double cohenKappa, double agreementRate, double mcnemarP, double[] delongCiA,
        double[] delongCiB, double delongP, int[] correctness, int[][] disagreementMatrix, List<String> warnings) {

    public FoldAgreement {
        warnings = List.copyOf(warnings);
    }

    /** Whether the binary metrics (single AUC, DeLong) apply. */
    public boolean binary() {
        return classes == 2;
    }

    /**
     * The names of {@link #scalars()} for {@code classes} classes, known before any data: the agreement table's
     * metric columns.
     */
    public static List<String> scalarNames(int classes) {
        List<String> names = new ArrayList<>(List.of("accuracy_a", "accuracy_b"));
        names.addAll(classes == 2 ? List.of("auc_a", "auc_b")
            : List.of("auc_a_macro", "auc_a_weighted", "auc_a_micro", "auc_b_macro", "auc_b_weighted", "auc_b_micro"));
        names.addAll(List.of("error_consistency_observed", "error_consistency_expected",
            "error_consistency_expected_paper", "error_consistency_kappa", "cohen_kappa", "agreement_rate", "mcnemar_p"));
        if (classes == 2) {
            names.add("delong_p");
        }
        return names;
    }

    /**
     * The scalar metrics by their fixed names ({@link #scalarNames}, the CLI's JSON keys), in a stable order; binary
     * or multi-class AUC keys according to {@link #classes()}.
     */
    public Map<String, Double> scalars() {
        double[] values = binary()
            ? new double[] {accuracyA, accuracyB, aucA[0], aucB[0]}
            : new double[] {accuracyA, accuracyB, aucA[0], aucA[1], aucA[2], aucB[0], aucB[1], aucB[2]};
        double[] rest = {errorConsistencyObserved, errorConsistencyExpected, errorConsistencyExpectedPaper,
            errorConsistencyKappa, cohenKappa, agreementRate, mcnemarP};
        List<Double> all = new ArrayList<>();
        for (double v : values) {
            all.add(v);
        }
        for (double v : rest) {
            all.add(v);
        }
        if (binary()) {
            all.add(delongP);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        List<String> names = scalarNames(classes);
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), all.get(i));
        }
        return m;
    }

    /** Everything, JSON-ready (NaN stays NaN; {@code org.medtl.core.cli.Json} writes it as null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (fold != null) {
            m.put("fold", fold);
        }
        m.put("n", n);
        m.putAll(scalars());
        if (binary()) {
            m.put("delong_ci_a", delongCiA);
            m.put("delong_ci_b", delongCiB);
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("both_correct", correctness[0]);
        table.put("only_a_correct", correctness[1]);
        table.put("only_b_correct", correctness[2]);
        table.put("both_wrong", correctness[3]);
        m.put("correctness", table);
        List<Object> rows = new ArrayList<>();
        for (int[] r : disagreementMatrix) {
            rows.add(r);
        }
        m.put("disagreement_matrix", rows);
        if (!warnings.isEmpty()) {
            m.put("warnings", warnings);
        }
        return m;
    }
}
