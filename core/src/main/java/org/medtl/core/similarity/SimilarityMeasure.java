package org.medtl.core.similarity;

import java.util.Locale;

/** The representation similarity measures MedTL computes; {@link #key()} is the CLI and config name. */
public enum SimilarityMeasure {
    /** Mean CCA with google/svcca {@code cca_core.get_cca_similarity} semantics (the study's measure). */
    CCA("cca"),
    /** SVCCA, Raghu et al. 2017. */
    SVCCA("svcca"),
    /** Projection-weighted CCA, Morcos et al. 2018. */
    PWCCA("pwcca"),
    /** Linear CKA, Kornblith et al. 2019. */
    CKA("cka"),
    /** Linear CKA with the unbiased HSIC estimator (Song et al. 2012), Kornblith et al. 2019. */
    CKA_DEBIASED("cka-debiased");

    private final String key;

    SimilarityMeasure(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Whether the measure is built on CCA (and so needs fewer neurons than data points). */
    public boolean isCcaFamily() {
        return this == CCA || this == SVCCA || this == PWCCA;
    }

    /** Parses a key such as {@code cka-debiased} (case-insensitive; underscores accepted). */
    public static SimilarityMeasure fromKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SimilarityMeasure m : values()) {
            if (m.key.equals(k)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown similarity measure '" + key + "' (use cca, svcca, pwcca, cka or cka-debiased)");
    }
}
