package org.medtl.core.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The question a user brings to the study, answered from the run's own test AUCs: how much worse is random
 * initialisation than the better pretrained backbone? Per dataset and training mode: each initialisation's AUC
 * over every fold and seed, and the gap to random computed per (fold, seed), so that the spread of the gap is the
 * spread of paired differences rather than of two independent means. Nothing here is a claim made in advance:
 * a small or negative gap is reported as such.
 */
final class InitialisationGap {

    /** The initialisation the pretrained ones are compared with, as the study labels it. */
    static final String RANDOM = "random";

    /** Smallest mean gap the report calls a clear difference (issue #11's bar for the quick study). */
    static final double CLEAR = 0.05;

    /** Test AUC of one initialisation: mean and sample std over its {@code runs} (fold, seed) runs. */
    record Init(String init, int runs, int seeds, double mean, double std) {
    }

    /**
     * Random initialisation against the better pretrained one ({@code best}, highest mean AUC) on one dataset
     * and mode: {@code gap} and {@code gapStd} are the mean and sample std of best minus random over the
     * {@code pairs} (fold, seed) runs both have.
     */
    record Gap(String dataset, String mode, List<Init> inits, String best, int pairs, double gap, double gapStd) {

        Init of(String init) {
            return inits.stream().filter(i -> i.init().equals(init)).findFirst().orElseThrow();
        }

        /** At least {@link #CLEAR} and larger than the spread of the gap and of either initialisation's AUC. */
        boolean clear() {
            return gap >= CLEAR && gap > gapStd && gap > of(best).std() && gap > of(RANDOM).std();
        }

        String verdict() {
            String numbers = String.format(Locale.ROOT, "%s - random = %s ± %s over %d (fold, seed) pairs", best, fmt(gap), fmt(gapStd), pairs);
            if (clear()) {
                return "Random initialisation is clearly worse than the better pretrained backbone: " + numbers + ".";
            }
            if (gap > 0) {
                return "The gap is small: " + numbers + ", below " + fmt(CLEAR) + " or within the spread over folds and seeds.";
            }
            return "Random initialisation is not worse here: " + numbers + ".";
        }
    }

    private InitialisationGap() {
    }

    /** One gap per (dataset, mode) that has a random initialisation and at least one pretrained one. */
    static List<Gap> of(List<StudyResults.Auc> auc) {
        Map<String, Map<String, List<StudyResults.Auc>>> byRun = new TreeMap<>();
        for (StudyResults.Auc a : auc) {
            if (Double.isFinite(a.auc())) {
                byRun.computeIfAbsent(a.dataset() + "\u0000" + a.mode(), k -> new TreeMap<>()).computeIfAbsent(a.init(), k -> new ArrayList<>()).add(a);
            }
        }
        List<Gap> gaps = new ArrayList<>();
        for (Map<String, List<StudyResults.Auc>> inits : byRun.values()) {
            List<StudyResults.Auc> random = inits.get(RANDOM);
            if (random == null || inits.size() < 2) {
                continue;
            }
            List<Init> summary = new ArrayList<>();
            inits.forEach((init, runs) -> {
                double[] ms = StudyReport.meanStd(runs.stream().mapToDouble(StudyResults.Auc::auc).toArray());
                summary.add(new Init(init, runs.size(), (int) runs.stream().mapToLong(StudyResults.Auc::seed).distinct().count(), ms[0], ms[1]));
            });
            Init best = summary.stream().filter(i -> !i.init().equals(RANDOM)).max(Comparator.comparingDouble(Init::mean)).orElseThrow();
            Map<String, Double> randomByRun = new LinkedHashMap<>();
            random.forEach(a -> randomByRun.put(a.fold() + "/" + a.seed(), a.auc()));
            List<Double> differences = new ArrayList<>();
            for (StudyResults.Auc a : inits.get(best.init())) {
                Double r = randomByRun.get(a.fold() + "/" + a.seed());
                if (r != null) {
                    differences.add(a.auc() - r);
                }
            }
            if (differences.isEmpty()) {
                continue; // no (fold, seed) in common: nothing to pair
            }
            double[] gap = StudyReport.meanStd(differences.stream().mapToDouble(Double::doubleValue).toArray());
            StudyResults.Auc first = random.get(0);
            gaps.add(new Gap(first.dataset(), first.mode(), summary, best.init(), differences.size(), gap[0], gap[1]));
        }
        return gaps;
    }

    /** The report section (empty without a gap to show) and, beside the report, {@code initialisation-gap.csv}. */
    static String section(StudyResults r, Path dir) throws IOException {
        List<Gap> gaps = of(r.auc());
        if (gaps.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h2>Does the initialisation matter?").append(r.synthetic() ? " (SYNTHETIC data)" : "").append("</h2>")
                .append("<p>Test AUC of each initialisation over every fold and training seed (mean ± sample std), and the gap between the")
                .append(" better pretrained backbone and random initialisation, computed per (fold, seed) pair from this run's metrics.</p>");
        List<List<String>> rows = new ArrayList<>();
        for (Gap g : gaps) {
            html.append("<h3>").append(StudyReport.esc(g.dataset() + " — " + g.mode())).append("</h3>")
                    .append("<table class=gap><tr><th>initialisation</th><th>runs (folds × seeds)</th><th>seeds</th><th>test AUC mean ± std</th></tr>");
            for (Init i : g.inits()) {
                html.append("<tr><td>").append(StudyReport.esc(i.init())).append("</td><td>").append(i.runs()).append("</td><td>").append(i.seeds())
                        .append("</td><td>").append(fmt(i.mean())).append(" ± ").append(fmt(i.std())).append("</td></tr>");
                rows.add(List.of(g.dataset(), g.mode(), i.init(), Integer.toString(i.runs()), Steps.number(i.mean()), Steps.number(i.std()), "", "", ""));
            }
            html.append("<tr><th>gap: ").append(StudyReport.esc(g.best())).append(" − random</th><th>").append(g.pairs()).append(" pairs</th><th></th><th>")
                    .append(fmt(g.gap())).append(" ± ").append(fmt(g.gapStd())).append("</th></tr></table><p class=verdict>")
                    .append(StudyReport.esc(g.verdict())).append("</p>");
            rows.add(List.of(g.dataset(), g.mode(), "gap " + g.best() + " - random", Integer.toString(g.pairs()), Steps.number(g.gap()),
                    Steps.number(g.gapStd()), g.best(), Boolean.toString(g.clear()), r.synthetic() ? "SYNTHETIC" : ""));
        }
        Steps.writeCsv(dir.resolve("initialisation-gap.csv"), List.of("dataset", "mode", "initialisation", "runs", "auc_mean", "auc_std", "best_pretrained",
                "clear", "data"), rows);
        return html.toString();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }
}
