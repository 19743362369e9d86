package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.io.Csv;

/**
 * The quick study at a small scale, end to end through the headless runner: synthetic data, two
 * pretrained stand-in backbones, a random baseline, folds, fine-tuning, activations, CCA, agreement and
 * the report.
 */
class QuickStudyEndToEndTest {

    @Test
    void smallQuickStudyRunsHeadlessAndWritesTheReport(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("quick-study-small");
        StudyWorkflows.quickStudy(new StudyWorkflows.QuickScale(60, 60, 48, 32, 2, 1, 1, 8, 2)).write(dir);
        Path out = tmp.resolve("out");
        Path report = StudyRun.run(Workflow.read(dir), Map.of(), out, (f, m) -> { });

        String html = Files.readString(report);
        assertTrue(html.contains("SYNTHETIC DATA"), "synthetic runs must say so");
        for (String init : List.of("ImageNet", "RadImageNet", "random")) {
            assertTrue(html.contains("<td>" + init + "</td>"), "AUC row for " + init);
        }
        // The paper's pairs, in its two panels and with its names.
        for (String pair : List.of("<td>A</td><td>ImageNet \u2013 ImageNet-FT</td>", "<td>A</td><td>RadImageNet \u2013 RadImageNet-FT</td>",
                "<td>B</td><td>ImageNet-FT \u2013 RadImageNet-FT</td>", "<td>B</td><td>ImageNet \u2013 RadImageNet</td>",
                "<td>B</td><td>Random \u2013 Random (two independently initialised networks)</td>")) {
            assertTrue(html.contains(pair), "CCA pair " + pair);
        }
        assertTrue(html.contains("First-layer filters"), "the paper's filter figure");
        assertTrue(Files.isRegularFile(out.resolve("CCA Comparator (#20)").resolve("port_2-figure.png"))
                && Files.isRegularFile(out.resolve("CCA Comparator (#20)").resolve("port_2-figure.svg")), "the node's figure as PNG and SVG");
        for (String figure : List.of("auc", "agreement", "filters-synthetic-ultrasound")) {
            assertTrue(Files.isRegularFile(out.resolve(figure + ".png")) && Files.isRegularFile(out.resolve(figure + ".svg")), figure);
        }
        assertTrue(html.contains("ImageNet-FT \u2013 RadImageNet-FT</td>") && html.contains("error-consistency"), "agreement section");
        assertTrue(Files.isRegularFile(out.resolve("auc.png")) && Files.isRegularFile(out.resolve("agreement.png")));

        // The gap section pairs every initialisation's 2 folds x 2 seeds; whatever the numbers at this scale, they are
        // the run's own: the random row's mean is the mean of the random fine-tuners' metrics tables.
        assertTrue(html.contains("Does the initialisation matter? (SYNTHETIC data)"), "gap section");
        assertTrue(html.contains("<td>random</td><td>4</td><td>2</td>"), "random over 2 folds x 2 seeds");
        List<Map<String, String>> gap = Csv.readTable(out.resolve("initialisation-gap.csv"));
        double randomMean = java.util.stream.Stream.of("GPU Fine-Tuner (#13)", "GPU Fine-Tuner (#29)")
                .flatMap(n -> readMetrics(out.resolve(n)).stream()).mapToDouble(r -> Double.parseDouble(r.get("auc"))).average().orElseThrow();
        Map<String, String> randomRow = gap.stream().filter(r -> r.get("initialisation").equals("random")).findFirst().orElseThrow();
        assertEquals(randomMean, Double.parseDouble(randomRow.get("auc_mean")), 1e-6);
        assertEquals("4", gap.get(gap.size() - 1).get("runs"), "4 (fold, seed) pairs");

        // Every fine-tuned fold has a metrics row with an AUC in [0, 1]; the folds come from the reader.
        List<Map<String, String>> rows = readMetrics(out.resolve("GPU Fine-Tuner (#11)"));
        assertEquals(2, rows.size());
        for (Map<String, String> r : rows) {
            double auc = Double.parseDouble(r.get("auc"));
            assertTrue(auc >= 0 && auc <= 1, "auc " + auc);
        }
        // The CCA of a network with itself before and after nothing changed would be 1; here the paper's pairs
        // are all different networks, so every mean lies strictly inside (0, 1].
        for (Map<String, String> r : Csv.readTable(out.resolve("CCA Comparator (#20)").resolve("port_1-similarity.csv"))) {
            double mean = Double.parseDouble(r.get("mean"));
            assertTrue(mean > 0 && mean <= 1.0000001, r.toString());
        }
    }

    private static List<Map<String, String>> readMetrics(Path fineTuner) {
        try {
            return Csv.readTable(fineTuner.resolve("port_1-model").resolve("metrics.csv"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
