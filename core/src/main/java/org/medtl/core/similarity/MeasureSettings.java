package org.medtl.core.similarity;

import java.util.Locale;

/**
 * How one similarity value is computed.
 *
 * @param measure          the measure
 * @param epsilon          google/svcca's epsilon (CCA, SVCCA, PWCCA): neurons whose variance, scaled by the
 *                         largest covariance entry, is below it are dropped, and epsilon I is added before
 *                         inversion. The study used {@value #STUDY_EPSILON}; google/svcca's default is 0.
 * @param varianceFraction SVCCA: keep the fewest SVD directions whose squared singular values reach this
 *                         fraction of the total (Raghu et al. 2017 use 0.99); ignored when {@code directions > 0}
 * @param directions       SVCCA: a fixed number of SVD directions per side instead of the fraction; 0 = use the fraction
 */
public record MeasureSettings(SimilarityMeasure measure, double epsilon, double varianceFraction, int directions) {

    /** The study's epsilon (STUDY.md). */
    public static final double STUDY_EPSILON = 1e-12;
    /** Raghu et al.'s variance fraction. */
    public static final double DEFAULT_VARIANCE_FRACTION = 0.99;

    public MeasureSettings {
        if (measure == null) {
            throw new IllegalArgumentException("measure is required (cca, svcca, pwcca, cka or cka-debiased)");
        }
        if (!(epsilon >= 0) || !Double.isFinite(epsilon) || epsilon >= 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "epsilon must be a number in [0, 1), got %s", epsilon));
        }
        if (!(varianceFraction > 0 && varianceFraction <= 1)) {
            throw new IllegalArgumentException("variance fraction must be in (0, 1], got " + varianceFraction);
        }
        if (directions < 0) {
            throw new IllegalArgumentException("directions must be 0 (use the variance fraction) or positive, got " + directions);
        }
        if (directions > 0 && measure != SimilarityMeasure.SVCCA) {
            // Only SVCCA reduces to SVD directions; any other measure would silently ignore the number.
            throw new IllegalArgumentException("directions (" + directions + ") apply to svcca only, not to " + measure.key()
                    + ": choose svcca or leave directions at 0");
        }
    }

    /** The measure with the study's epsilon and Raghu et al.'s 0.99 variance fraction. */
    public static MeasureSettings defaults(SimilarityMeasure measure) {
        return new MeasureSettings(measure, STUDY_EPSILON, DEFAULT_VARIANCE_FRACTION, 0);
    }
}
