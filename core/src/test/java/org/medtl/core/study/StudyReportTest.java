package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyReportTest {

    @Test
    void reportIsSelfContainedWithEveryFigureAsPngAndThePapersNumbers(@TempDir Path dir) throws Exception {
        List<StudyResults.Auc> auc = new ArrayList<>();
        List<StudyResults.Cca> cca = new ArrayList<>();
        List<StudyResults.History> history = new ArrayList<>();
        String[] layers = {"conv1_relu", "conv2_block3_out", "conv3_block4_out"};
        for (int fold = 1; fold <= 2; fold++) {
            auc.add(new StudyResults.Auc("breast", "ImageNet", "full", fold, 0.8 + fold * 0.01, "binary"));
            auc.add(new StudyResults.Auc("breast", "RadImageNet", "full", fold, 0.7 + fold * 0.01, "binary"));
            for (int l = 0; l < layers.length; l++) {
                cca.add(new StudyResults.Cca("breast", "IN-FT vs RIN-FT", layers[l], l, fold, "mean CCA", 0.9 - 0.2 * l, 0.01));
            }
            for (int e = 1; e <= 3; e++) {
                history.add(new StudyResults.History("breast ImageNet full", fold, "full", e, 1.0 / e, 1.2 / e, 0.7));
            }
        }
        List<StudyResults.Agreement> agreement = List.of(new StudyResults.Agreement("breast", "IN-FT vs RIN-FT", 1, 0.85, 0.7, 0.72, 0.5));
        StudyResults r = new StudyResults("MedTL test study", true, auc, cca, agreement, history, Map.of("GPU Fine-Tuner (#3)", "seed 1"),
                List.of(), List.of());

        Path report = StudyReport.write(r, dir);
        String html = Files.readString(report);
        assertTrue(html.contains("SYNTHETIC DATA"));
        // The paper's v1 mean ± std for breast/ImageNet/fine-tune over its five folds (computed from AUC.csv with Python's statistics).
        assertTrue(html.contains("0.905 ± 0.038"), "paper numbers missing");
        assertTrue(html.contains("0.815 ± 0.007"), "run numbers missing: mean of 0.81 and 0.82, sample std 0.00707");
        assertFalse(html.contains("src=\"http"), "the report must open offline");
        for (String name : List.of("auc", "agreement", "cca-breast-mean-cca", "training-breast-imagenet-full")) {
            assertTrue(ImageIO.read(dir.resolve(name + ".png").toFile()).getWidth() >= 760, name);
            assertTrue(Files.readString(dir.resolve(name + ".svg")).contains("<svg"), name + ".svg");
            assertTrue(html.contains("<a href=\"" + name + ".svg\">SVG</a>"), "the report links " + name + ".svg");
        }
        // Validation curves are dashed in their fold's colour (theming resets series styles, so the order matters).
        String training = Files.readString(dir.resolve("training-breast-imagenet-full.svg"));
        assertTrue(training.contains("stroke-dasharray:5.0,4.0"), "dashed validation curves (gridlines are dashed 2,2)");
        // The paper's pair names and panels.
        assertTrue(html.contains("<td>B</td><td>ImageNet-FT \u2013 RadImageNet-FT</td>"), "pair in the paper's spelling");
    }

    @Test
    void dataWarningsOfTheNodesAreListedEscaped(@TempDir Path out) throws Exception {
        StudyResults.Collector c = new StudyResults.Collector("warned");
        c.warning("GPU Fine-Tuner (#3)", "fold 0 (column fold_0): val 1 [1/0] has no 'b<1>' image");
        String html = Files.readString(StudyReport.write(c.build(), out));
        assertTrue(html.contains("<h2>Warnings</h2><ul class=warnings><li>GPU Fine-Tuner (#3): fold 0 (column fold_0): val 1 [1/0]"
                + " has no 'b&lt;1&gt;' image</li></ul>"), html);
        String none = Files.readString(StudyReport.write(new StudyResults.Collector("quiet").build(), Files.createDirectories(out.resolve("q"))));
        assertFalse(none.contains("Warnings"), none);
    }

    @Test
    void sampleStandardDeviationAsInThePapersTables() {
        assertArrayEquals(new double[] {2.0, 1.0}, StudyReport.meanStd(new double[] {1, 2, 3}), 1e-12);
    }
}
