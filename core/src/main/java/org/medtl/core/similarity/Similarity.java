package org.medtl.core.similarity;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry point for representation similarity between two activation matrices of the same data points:
 * mean CCA (the study's measure), SVCCA, PWCCA, linear CKA and debiased linear CKA. Each measure's class
 * Javadoc cites its paper, the reference implementation it matches and its invariances
 * (see also docs/similarity.md).
 *
 * <p>Covariances are computed once per pair (the dominant cost) and shared when several measures are
 * asked for. Computation is in double precision on native BLAS/LAPACK, except CKA alone on large float32
 * activations, which runs in single precision ({@link SinglePrecisionCka}). Bad input (different numbers of
 * data points, NaN or infinite values, constant layers, more neurons than data points for CCA) raises
 * {@link IllegalArgumentException} with a message for the user; regularisation and dropped neurons are
 * reported in {@link SimilarityResult#warnings()}.</p>
 */
public final class Similarity {

    private Similarity() {
    }

    /**
     * Starts loading the BLAS library on a daemon thread and returns at once. Loading takes about 0.2 s here; a
     * command line run that starts it first thing overlaps it with the JVM's start-up and file mapping, which is
     * a tenth of a whole {@code ./medtl similarity --measure cka} at 2048 x 10,000. Calls after the first do nothing.
     */
    public static void loadNativeLibrariesInBackground() {
        Linalg.loadBlasInBackground();
    }

    /** One measure between X and Y (rows = the same data points in the same order, columns = neurons). */
    public static SimilarityResult compute(ActivationMatrix x, ActivationMatrix y, MeasureSettings settings) {
        return computeAll(x, y, List.of(settings)).get(0);
    }

    /** Several measures between X and Y, sharing one covariance computation; results in the order asked. */
    public static List<SimilarityResult> computeAll(ActivationMatrix x, ActivationMatrix y, List<MeasureSettings> settings) {
        if (!settings.isEmpty() && settings.stream().noneMatch(s -> s.measure().isCcaFamily()) && SinglePrecisionCka.applies(x, y)) {
            boolean debiased = settings.stream().anyMatch(s -> s.measure() == SimilarityMeasure.CKA_DEBIASED);
            Cka.Moments moments = SinglePrecisionCka.moments(x, y, debiased);
            return settings.stream()
                    .map(s -> Cka.compute(moments, s.measure() == SimilarityMeasure.CKA_DEBIASED, x.name(), y.name())).toList();
        }
        Covariances c = Covariances.of(x, y);
        List<SimilarityResult> out = new ArrayList<>();
        for (MeasureSettings s : settings) {
            out.add(compute(c, s, x.name(), y.name()));
        }
        return out;
    }

    static SimilarityResult compute(Covariances c, MeasureSettings s, String xName, String yName) {
        return switch (s.measure()) {
            case CCA -> Cca.compute(c, s, xName, yName);
            case SVCCA -> Svcca.compute(c, s, xName, yName);
            case PWCCA -> Pwcca.compute(c, s, xName, yName);
            case CKA -> Cka.compute(Cka.moments(c), false, xName, yName);
            case CKA_DEBIASED -> Cka.compute(Cka.moments(c), true, xName, yName);
        };
    }
}
