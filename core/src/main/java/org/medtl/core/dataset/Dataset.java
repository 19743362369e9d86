package org.medtl.core.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A read dataset: the manifest (samples with folds), the problems found, the items a preset left out on
 * purpose, how the folds were made, and what became of the decoded-image cache when the settings asked for one
 * ({@code null} when they did not). {@code found() == samples + problems + excluded}: nothing is dropped silently.
 */
public record Dataset(Manifest manifest, List<Problem> problems, List<Problem> excluded, FoldScheme scheme, long seed,
                      ImageCache imageCache) {

    /**
     * The decoded-image cache the reader was asked to build.
     *
     * @param ready   the cache holds every sample: the Fine-Tuner and Extractor at this input size decode nothing
     * @param message what happened, for the summary; when not {@code ready}, why not and what to do (a warning)
     */
    public record ImageCache(boolean ready, String message) {
    }

    public Dataset {
        problems = List.copyOf(problems);
        excluded = List.copyOf(excluded);
    }

    /** The warning to show when the settings asked for a decoded-image cache that was not built, else empty. */
    public List<String> imageCacheWarnings() {
        return imageCache == null || imageCache.ready() ? List.of() : List.of(imageCache.message());
    }

    /** Every item the source offered. */
    public int found() {
        return manifest.samples().size() + problems.size() + excluded.size();
    }

    /** Human-readable class and fold summary (what {@code ./medtl dataset} prints). */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        Manifest m = manifest;
        lines.add(String.format(Locale.ROOT, "%d item(s) found: %d sample(s), %d problem(s) skipped, %d excluded by the preset",
                found(), m.samples().size(), problems.size(), excluded.size()));
        long groups = m.samples().stream().map(Sample::group).filter(g -> !g.isEmpty()).distinct().count();
        lines.add(groups > 0 ? groups + " patient(s)/group(s)" : "no patient/group ids");
        int[] counts = m.classCounts();
        StringBuilder sb = new StringBuilder("classes:");
        for (int c = 0; c < counts.length; c++) {
            sb.append(String.format(Locale.ROOT, " %d=%s (%d)", c, m.classes().get(c), counts[c]));
        }
        lines.add(sb.toString());
        lines.add("folds: " + m.foldCount() + ", scheme " + scheme.key() + ", seed " + seed);
        int[][][] b = m.balance();
        for (int f = 0; f < m.foldCount(); f++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  fold %d:", f));
            for (Split s : Split.values()) {
                int total = 0;
                StringBuilder per = new StringBuilder();
                for (int c = 0; c < counts.length; c++) {
                    total += b[f][s.ordinal()][c];
                    per.append(c == 0 ? "" : "/").append(b[f][s.ordinal()][c]);
                }
                row.append(String.format(Locale.ROOT, "  %s %d [%s]", s.key(), total, per));
            }
            lines.add(row.toString());
        }
        if (imageCache != null && imageCache.ready()) {
            lines.add(imageCache.message());
        }
        return lines;
    }
}
