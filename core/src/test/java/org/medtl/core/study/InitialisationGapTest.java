package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.io.Csv;

/** The report's answer to "does the initialisation matter?", computed from a metrics table of folds and seeds. */
class InitialisationGapTest {

    /** 3 folds x 2 seeds per initialisation; AUC = base + fold and seed offsets, so every number is known by hand. */
    private static List<StudyResults.Auc> table(double imagenet, double radimagenet, double random) {
        List<StudyResults.Auc> auc = new ArrayList<>();
        double[] foldOffset = {0.00, 0.02, 0.04};
        for (long seed = 5; seed <= 6; seed++) {
            for (int fold = 0; fold < 3; fold++) {
                double o = foldOffset[fold] + (seed - 5) * 0.01;
                auc.add(new StudyResults.Auc("synthetic-ultrasound", "ImageNet", "full", fold, imagenet + o, "binary", seed));
                auc.add(new StudyResults.Auc("synthetic-ultrasound", "RadImageNet", "full", fold, radimagenet + o, "binary", seed));
                // random moves the other way with the fold, so the paired gap has a spread
                auc.add(new StudyResults.Auc("synthetic-ultrasound", "random", "full", fold, random - o, "binary", seed));
            }
        }
        return auc;
    }

    @Test
    void gapIsTheMeanAndSampleStdOfPairedDifferencesToTheBetterPretrainedBackbone() {
        List<InitialisationGap.Gap> gaps = InitialisationGap.of(table(0.70, 0.80, 0.60));
        assertEquals(1, gaps.size());
        InitialisationGap.Gap g = gaps.get(0);
        assertEquals("RadImageNet", g.best());
        assertEquals(6, g.pairs());
        // differences 0.20 + 2*o for o in {0, .02, .04, .01, .03, .05}: mean 0.20 + 2*0.025 = 0.25
        assertEquals(0.25, g.gap(), 1e-12);
        double[] o = {0, .02, .04, .01, .03, .05};
        double ss = 0;
        for (double x : o) {
            ss += Math.pow(2 * x - 0.05, 2);
        }
        assertEquals(Math.sqrt(ss / 5), g.gapStd(), 1e-12);
        InitialisationGap.Init random = g.of("random");
        assertEquals(6, random.runs());
        assertEquals(2, random.seeds());
        assertEquals(0.60 - 0.025, random.mean(), 1e-12);
        assertTrue(g.clear());
        assertTrue(g.verdict().startsWith("Random initialisation is clearly worse"), g.verdict());
    }

    @Test
    void aSmallOrNegativeGapIsReportedAsSuch() {
        InitialisationGap.Gap small = InitialisationGap.of(table(0.76, 0.75, 0.79)).get(0); // gap 0.02 ± 0.03
        assertEquals("ImageNet", small.best());
        assertEquals(0.02, small.gap(), 1e-12);
        assertFalse(small.clear());
        assertTrue(small.verdict().startsWith("The gap is small"), small.verdict());
        InitialisationGap.Gap none = InitialisationGap.of(table(0.70, 0.70, 0.90)).get(0);
        assertTrue(none.gap() < 0);
        assertTrue(none.verdict().startsWith("Random initialisation is not worse"), none.verdict());
    }

    @Test
    void onlyRunsWithTheSameFoldAndSeedArePairedAndModesAreNotMixed() {
        List<StudyResults.Auc> auc = new ArrayList<>(table(0.70, 0.80, 0.60));
        // A freeze-then-fine-tune run has no random counterpart (as in the paper): no gap for it.
        auc.add(new StudyResults.Auc("synthetic-ultrasound", "ImageNet", "freeze-then-finetune", 0, 0.9, "binary", 5));
        // A seed only the pretrained backbone ran counts in its mean but not in the gap.
        auc.add(new StudyResults.Auc("synthetic-ultrasound", "RadImageNet", "full", 0, 0.80, "binary", 9));
        List<InitialisationGap.Gap> gaps = InitialisationGap.of(auc);
        assertEquals(1, gaps.size());
        assertEquals(6, gaps.get(0).pairs());
        assertEquals(7, gaps.get(0).of("RadImageNet").runs());
    }

    @Test
    void reportStatesTheGapAndWritesItAsCsv(@TempDir Path dir) throws Exception {
        StudyResults r = new StudyResults("gap", true, table(0.70, 0.80, 0.60), List.of(), List.of(), List.of(), Map.of(), List.of(), List.of());
        String html = Files.readString(StudyReport.write(r, dir));
        assertTrue(html.contains("Does the initialisation matter? (SYNTHETIC data)"), html);
        assertTrue(html.contains("gap: RadImageNet − random</th><th>6 pairs</th><th></th><th>0.250 ± "), html);
        assertTrue(html.contains("<td>random</td><td>6</td><td>2</td><td>0.575 ± "), html);
        List<Map<String, String>> rows = Csv.readTable(dir.resolve("initialisation-gap.csv"));
        Map<String, String> gap = rows.get(rows.size() - 1);
        assertEquals("gap RadImageNet - random", gap.get("initialisation"));
        assertEquals(0.25, Double.parseDouble(gap.get("auc_mean")), 1e-9);
        assertEquals("true", gap.get("clear"));
        assertEquals("SYNTHETIC", gap.get("data"));

        Path noRandom = Files.createDirectories(dir.resolve("no-random"));
        List<StudyResults.Auc> pretrainedOnly = table(0.70, 0.80, 0.60).stream().filter(a -> !a.init().equals("random")).toList();
        String without = Files.readString(StudyReport.write(new StudyResults("x", false, pretrainedOnly, List.of(), List.of(), List.of(), Map.of(),
                List.of(), List.of()), noRandom));
        assertFalse(without.contains("Does the initialisation matter"), "no gap without a random baseline");
    }
}
