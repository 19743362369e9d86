package org.medtl.core.dataset;

import java.util.Arrays;
import java.util.Locale;

/** How samples are divided into folds. */
public enum FoldScheme {
    /**
     * The study's scheme with stratification: outer stratified k-fold (hold-out = 1/k), the hold-out split again
     * stratified into validation (1/5) and test (4/5).
     */
    NESTED("nested", true, false),
    /** The study's scheme for datasets with patients: both levels by patient (group k-fold), no patient in two splits. */
    NESTED_GROUP("nested-group", true, true),
    /** Plain stratified k-fold: train and test only. */
    STRATIFIED("stratified", false, false),
    /** Plain group k-fold by patient: train and test only. */
    GROUP("group", false, true),
    /** The source's own split or fold column. */
    GIVEN("given", false, false);

    private final String key;
    private final boolean nested;
    private final boolean grouped;

    FoldScheme(String key, boolean nested, boolean grouped) {
        this.key = key;
        this.nested = nested;
        this.grouped = grouped;
    }

    public String key() {
        return key;
    }

    /** Whether the hold-out part is split again into validation and test. */
    public boolean nested() {
        return nested;
    }

    /** Whether whole patients (groups) are assigned, never single samples. */
    public boolean grouped() {
        return grouped;
    }

    public static FoldScheme fromKey(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        for (FoldScheme s : values()) {
            if (s.key.equals(k)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown fold scheme '" + key + "': use one of "
                + Arrays.stream(values()).map(FoldScheme::key).toList());
    }
}
