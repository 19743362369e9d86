package org.medtl.core.cli;

import org.medtl.core.similarity.ActivationMatrix;
import org.medtl.core.similarity.MatrixFiles;
import org.medtl.core.similarity.MeasureSettings;
import org.medtl.core.similarity.Similarity;
import org.medtl.core.similarity.SimilarityMeasure;
import org.medtl.core.similarity.SimilarityResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./medtl similarity}: one similarity value between two activation matrices, as one JSON object. */
final class SimilarityCommand implements Command, FlagOptions {

    @Override
    public String name() {
        return "similarity";
    }

    @Override
    public String summary() {
        return "CCA / SVCCA / PWCCA / CKA between two activation matrices (.npy or .csv), JSON out";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl similarity --measure cca|svcca|pwcca|cka|cka-debiased [--epsilon E]
                                          [--variance 0.99 | --directions K] [--neurons-as-rows] X Y

                X, Y   matrices of the same data points in the same order: .npy (2-D, any float/int type) or
                       .csv (numbers only, no header); rows = data points, columns = neurons
                --measure          cca (default; google/svcca get_cca_similarity, mean of all coefficients),
                                   svcca, pwcca, cka, cka-debiased
                --epsilon E        CCA-family regularisation and variance cut-off (default 1e-12, the study's)
                --variance F       SVCCA: keep the fewest SVD directions holding fraction F of the variance (0.99)
                --directions K     SVCCA: keep K directions per side instead
                --neurons-as-rows  the files are neurons x data points (google/svcca's layout)

                Prints one JSON object: measure, value, coefficients (canonical correlations, or null for CKA),
                weights (PWCCA), mean_98_mass (google/svcca's own 'mean'), data_points, neurons_x, neurons_y,
                kept_x, kept_y, epsilon, warnings.""";
    }

    @Override
    public Set<String> flags() {
        return Set.of("neurons-as-rows");
    }

    @Override
    public void startPreparing() {
        Similarity.loadNativeLibrariesInBackground();
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allow(Set.of("measure", "epsilon", "variance", "directions", "neurons-as-rows"));
        List<String> files = args.positionals();
        if (files.size() != 2) {
            throw new Args.UsageException("expected two matrix files X Y, got " + files.size());
        }
        if (args.has("variance") && args.has("directions")) {
            throw new Args.UsageException("--variance and --directions exclude each other: give one");
        }
        SimilarityMeasure measure;
        try {
            measure = SimilarityMeasure.fromKey(args.get("measure", "cca"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        for (String svccaOnly : List.of("variance", "directions")) {
            if (args.has(svccaOnly) && measure != SimilarityMeasure.SVCCA) {
                throw new Args.UsageException("--" + svccaOnly + " applies to --measure svcca only; with --measure " + measure.key()
                        + " it would be ignored: drop it or choose svcca");
            }
        }
        MeasureSettings settings;
        try {
            settings = new MeasureSettings(measure, args.getDouble("epsilon", MeasureSettings.STUDY_EPSILON),
                    args.getDouble("variance", MeasureSettings.DEFAULT_VARIANCE_FRACTION), args.getInt("directions", 0));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        boolean transpose = args.flag("neurons-as-rows");
        ActivationMatrix x = MatrixFiles.read(Path.of(files.get(0)), transpose);
        ActivationMatrix y = MatrixFiles.read(Path.of(files.get(1)), transpose);
        SimilarityResult r = Similarity.compute(x, y, settings);
        out.println(Json.write(toJson(r, settings)));
        return 0;
    }

    static Map<String, Object> toJson(SimilarityResult r, MeasureSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measure", r.measure().key());
        m.put("value", r.value());
        m.put("coefficients", r.measure().isCcaFamily() ? r.coefficients() : null);
        if (r.measure() == SimilarityMeasure.PWCCA) {
            m.put("weights", r.weights());
        }
        m.putAll(r.summaries());
        m.put("data_points", r.dataPoints());
        m.put("neurons_x", r.neuronsX());
        m.put("neurons_y", r.neuronsY());
        m.put("kept_x", r.keptX());
        m.put("kept_y", r.keptY());
        if (r.measure().isCcaFamily()) {
            m.put("epsilon", s.epsilon());
        }
        if (r.measure() == SimilarityMeasure.SVCCA) {
            if (s.directions() > 0) {
                m.put("directions", s.directions());
            } else {
                m.put("variance", s.varianceFraction());
            }
        }
        m.put("warnings", r.warnings());
        return m;
    }
}
