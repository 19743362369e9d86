package org.medtl.core.similarity;

import org.medtl.core.activations.ActivationSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.medtl.core.runtime.Progress;
import org.medtl.core.io.TempOutputs;

/**
 * The CCA Comparator's entry point (KNIME node and headless runner): compares two activation-set ports.
 * A port holds one activation set, or one per fold in sub-folders {@code fold_<n>} (as the Activation
 * Extractor writes them for fine-tuned fold models). Matching folds are compared fold by fold and the
 * mean over folds is added, as the study reports one value per layer per fold and then averages; a single
 * set is compared with every fold of the other side.
 */
public final class FoldedComparison {

    /** Sub-folder prefix of per-fold activation sets. */
    public static final String FOLD_FOLDER_PREFIX = "fold_";
    /** Fold label of the rows that aggregate over folds. */
    public static final String MEAN_OVER_FOLDS = "mean over folds";
    /** Columns of the similarity table, in order. */
    public static final List<String> COLUMNS = List.of("layer", "measure", "fold", "mean", "std", "values", "data_points", "channels_a",
            "channels_b", "warnings");

    /** One row of the similarity table: the fold it belongs to ("" for unfolded sets) and the layer's result. */
    public record Row(String fold, LayerSimilarity similarity) {
    }

    private FoldedComparison() {
    }

    /** Compares the activation sets of two ports with the study's protocol in {@code settings}. */
    public static List<Row> compare(Path portA, Path portB, ComparisonSettings settings, Progress progress) throws IOException {
        Map<String, Path> a = sets(portA);
        Map<String, Path> b = sets(portB);
        List<String[]> pairs = pairs(a, b);
        List<Row> rows = new ArrayList<>();
        List<ComparisonResult> results = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            String[] pair = pairs.get(i);
            Progress part = progress.part((double) i / pairs.size(), 1.0 / pairs.size());
            ComparisonResult r = ActivationComparison.compare(a.get(pair[0]), b.get(pair[1]), settings,
                    (fraction, message) -> part.update(fraction, message));
            results.add(r);
            for (LayerSimilarity s : r.rows()) {
                rows.add(new Row(label(pair, s), s));
            }
        }
        if (results.size() > 1) {
            ActivationComparison.overFolds(results).forEach(s -> rows.add(new Row(MEAN_OVER_FOLDS, s)));
        }
        return rows;
    }

    /** The activation sets of a port: {@code "" -> folder}, or fold name -> {@code fold_<n>} sub-folder. */
    public static Map<String, Path> sets(Path folder) throws IOException {
        Map<String, Path> sets = new LinkedHashMap<>();
        if (Files.isRegularFile(folder.resolve(ActivationSet.DESCRIPTION_FILE))) {
            sets.put("", folder);
            return sets;
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> children = Files.list(folder)) {
                for (Path child : children.sorted().toList()) {
                    String name = child.getFileName().toString();
                    if (name.startsWith(FOLD_FOLDER_PREFIX) && Files.isRegularFile(child.resolve(ActivationSet.DESCRIPTION_FILE))) {
                        sets.put(name.substring(FOLD_FOLDER_PREFIX.length()), child);
                    }
                }
            }
        }
        if (sets.isEmpty()) {
            throw new IOException(folder + " holds no activation set (" + ActivationSet.DESCRIPTION_FILE + "); re-execute the Activation Extractor.");
        }
        return sets;
    }

    /** Same folds on both sides, or one single set compared with every fold of the other side. */
    private static List<String[]> pairs(Map<String, Path> a, Map<String, Path> b) {
        List<String[]> pairs = new ArrayList<>();
        if (a.containsKey("") || b.containsKey("")) {
            for (String fa : a.keySet()) {
                for (String fb : b.keySet()) {
                    pairs.add(new String[] {fa, fb});
                }
            }
            return pairs;
        }
        if (!a.keySet().equals(b.keySet())) {
            throw new IllegalArgumentException("The two activation sets hold different folds (A: " + String.join(", ", a.keySet()) + "; B: "
                    + String.join(", ", b.keySet()) + "). Fine-tune both models on the same folds of the same dataset.");
        }
        a.keySet().forEach(f -> pairs.add(new String[] {f, f}));
        return pairs;
    }

    /** The fold a row belongs to: the pair's fold, the set's own fold, or "A fold x / B fold y" for mixed pairs. */
    private static String label(String[] pair, LayerSimilarity row) {
        if (pair[0].equals(pair[1])) {
            return pair[0].isEmpty() ? (row.fold() == null ? "" : row.fold()) : pair[0];
        }
        return pair[0].isEmpty() ? pair[1] : pair[1].isEmpty() ? pair[0] : "A " + pair[0] + " / B " + pair[1];
    }

    /**
     * The study's figure (similarity per layer, mean and one standard deviation) as PNG, one line per
     * measure: the mean over folds when there are several folds, else the single comparison.
     */
    public static byte[] figurePng(List<Row> rows) {
        org.jfree.chart.JFreeChart chart = figure(rows);
        return org.medtl.core.figures.Figures.png(chart, org.medtl.core.figures.Figures.widthFor(chart, FIGURE_WIDTH), FIGURE_HEIGHT);
    }

    /** Default size of the figure. */
    public static final int FIGURE_WIDTH = 720;
    public static final int FIGURE_HEIGHT = 440;

    /** The figure of {@link #figurePng} as a chart, for writing it as PNG and SVG ({@link org.medtl.core.figures.Figures#write}). */
    public static org.jfree.chart.JFreeChart figure(List<Row> rows) {
        boolean overFolds = rows.stream().anyMatch(r -> r.fold().equals(MEAN_OVER_FOLDS));
        Map<String, List<LayerSimilarity>> series = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!overFolds || r.fold().equals(MEAN_OVER_FOLDS)) {
                series.computeIfAbsent(r.similarity().measure().key() + (overFolds ? " (mean over folds)" : ""), k -> new ArrayList<>())
                        .add(r.similarity());
            }
        }
        Map<String, List<SimilarityPlot.Point>> points = new LinkedHashMap<>();
        series.forEach((k, v) -> points.put(k, SimilarityPlot.points(v)));
        return SimilarityPlot.chart("Representation similarity per layer", points);
    }

    /** Writes the similarity table ({@link #COLUMNS}) as CSV, atomically; undefined numbers are empty cells. */
    public static void writeCsv(List<Row> rows, Path csv) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", COLUMNS));
        for (Row r : rows) {
            LayerSimilarity s = r.similarity();
            lines.add(String.join(",", List.of(quote(s.layer()), quote(s.measure().key()), quote(r.fold()), number(s.mean()), number(s.std()),
                    quote(Arrays.stream(s.values()).mapToObj(Double::toString).collect(Collectors.joining(" "))), Integer.toString(s.dataPoints()),
                    Integer.toString(s.neuronsX()), Integer.toString(s.neuronsY()), quote(String.join("; ", s.warnings())))));
        }
        Path tmp = TempOutputs.file(csv.toAbsolutePath().getParent(), ".similarity-", ".csv.tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            TempOutputs.publish(tmp, csv);
        } catch (IOException e) {
            TempOutputs.discard(tmp);
            throw new UncheckedIOException(e);
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.10g", v) : "";
    }

    private static String quote(String s) {
        return s == null ? "" : s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
