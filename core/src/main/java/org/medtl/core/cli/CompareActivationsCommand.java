package org.medtl.core.cli;

import org.medtl.core.config.MapConfig;
import org.medtl.core.similarity.Similarity;
import org.medtl.core.similarity.ActivationComparison;
import org.medtl.core.similarity.ComparisonResult;
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.similarity.SimilarityMeasure;
import org.medtl.core.similarity.LayerSimilarity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./medtl compare-activations A B}: the study's layer-by-layer protocol over two activation set folders. */
final class CompareActivationsCommand implements Command {

    @Override
    public String name() {
        return "compare-activations";
    }

    @Override
    public String summary() {
        return "layer-by-layer similarity of two activation sets (the study's protocol), JSON out";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl compare-activations [options] A B

                A, B  activation set folders (<layer>.npy + activations.json) of the same images
                --measures LIST    comma-separated: cca (default), svcca, pwcca, cka, cka-debiased
                --layers LIST      comma-separated layer names (default: every layer both sets have)
                --channels N       random channels per repeat, same indices in A and B (default 64; 0 = all)
                --positions N      about N data points per repeat: round(N / positions-per-image) images (default 10000; 0 = all)
                --repeats N        repeats per layer (default 5)
                --seed S           seed of the channel and image choices (default 0)
                --epsilon E        CCA-family epsilon (default 1e-12)
                --variance F | --directions K   SVCCA reduction (default fraction 0.99)

                Prints one JSON object: settings, provenance_a, provenance_b and rows (layer, measure, mean, std,
                values per repeat, data_points, neurons_x, neurons_y, warnings).""";
    }

    @Override
    public void startPreparing() {
        Similarity.loadNativeLibrariesInBackground();
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allow(Set.of("measures", "layers", "channels", "positions", "repeats", "seed", "epsilon", "variance", "directions"));
        List<String> folders = args.positionals();
        if (folders.size() != 2) {
            throw new Args.UsageException("expected two activation set folders A B, got " + folders.size());
        }
        if (args.has("variance") && args.has("directions")) {
            throw new Args.UsageException("--variance and --directions exclude each other: give one");
        }
        List<String> measures = args.has("measures") ? split(args.get("measures", "")) : List.of(SimilarityMeasure.CCA.key());
        for (String svccaOnly : List.of("variance", "directions")) {
            if (args.has(svccaOnly) && measures.stream().noneMatch(SimilarityMeasure.SVCCA.key()::equalsIgnoreCase)) {
                throw new Args.UsageException("--" + svccaOnly + " applies to svcca only, and --measures is " + String.join(",", measures)
                        + ": it would be ignored; drop it or add svcca");
            }
        }
        MapConfig c = new MapConfig();
        ComparisonSettings.study(0).toConfig(c);
        if (args.has("measures")) {
            c.addStringList(ComparisonSettings.CFG_MEASURES, split(args.get("measures", "")));
        }
        if (args.has("layers")) {
            c.addStringList(ComparisonSettings.CFG_LAYERS, split(args.get("layers", "")));
        }
        c.addInt(ComparisonSettings.CFG_CHANNELS, args.getInt("channels", 64));
        c.addInt(ComparisonSettings.CFG_POSITIONS, args.getInt("positions", 10_000));
        c.addInt(ComparisonSettings.CFG_REPEATS, args.getInt("repeats", 5));
        c.addLong(ComparisonSettings.CFG_SEED, args.getLong("seed", 0));
        c.addDouble(ComparisonSettings.CFG_EPSILON, args.getDouble("epsilon", 1e-12));
        c.addDouble(ComparisonSettings.CFG_VARIANCE_FRACTION, args.getDouble("variance", 0.99));
        c.addInt(ComparisonSettings.CFG_DIRECTIONS, args.getInt("directions", 0));
        ComparisonSettings settings;
        try {
            settings = ComparisonSettings.fromConfig(c);
        } catch (org.medtl.core.config.InvalidConfigException e) {
            throw new Args.UsageException(e.getMessage());
        }
        ComparisonResult r = ActivationComparison.compare(Path.of(folders.get(0)),
                Path.of(folders.get(1)), settings, (f, msg) -> err.printf("[%3.0f%%] %s%n", 100 * f, msg));
        Map<String, Object> o = new LinkedHashMap<>();
        MapConfig used = new MapConfig();
        settings.toConfig(used);
        o.put("settings", used.asMap());
        o.put("provenance_a", r.provenanceA());
        o.put("provenance_b", r.provenanceB());
        List<Object> rows = new ArrayList<>();
        for (LayerSimilarity l : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", l.layer());
            m.put("measure", l.measure().key());
            if (l.fold() != null) {
                m.put("fold", l.fold());
            }
            m.put("mean", l.mean());
            m.put("std", l.std());
            m.put("values", l.values());
            m.put("data_points", l.dataPoints());
            m.put("neurons_x", l.neuronsX());
            m.put("neurons_y", l.neuronsY());
            m.put("warnings", l.warnings());
            rows.add(m);
        }
        o.put("rows", rows);
        out.println(Json.write(o));
        return 0;
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
}
