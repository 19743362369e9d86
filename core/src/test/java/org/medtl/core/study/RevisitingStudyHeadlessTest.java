package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.io.Csv;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.model.WeightSource;

/**
 * The committed {@code revisiting-study} workflow, unchanged, run headless on miniature releases of all
 * seven datasets in their public layouts (written by {@link MiniatureReleases}), with two seeded ResNet-18
 * model folders standing in for the ImageNet and RadImageNet weight files and every size, epoch count and
 * file given as workflow variables, as a user would pass them with {@code ./medtl run --var}. Heavy: the
 * 161 nodes (35 fine-tuners x 5 folds) took 967 s on the shared 2-core build machine (2026-11-26).
 */
@Tag("heavy")
class RevisitingStudyHeadlessTest {

    private static final List<String> INITS = List.of("ImageNet", "RadImageNet", "random");

    @Test
    void revisitingStudyRunsOnEveryDatasetLayoutAndReportsBesideThePaper(@TempDir Path tmp) throws Exception {
        Map<String, Path> releases = MiniatureReleases.write(tmp.resolve("releases"));
        int size = MiniatureReleases.SIZE;
        Path imagenet = tmp.resolve("weights/imagenet-stand-in");
        Path radimagenet = tmp.resolve("weights/radimagenet-stand-in");
        Backbones.save(new BackboneSettings("torchvision-resnet18", WeightSource.RANDOM, null, 11, "torchvision", size), imagenet);
        Backbones.save(new BackboneSettings("torchvision-resnet18", WeightSource.RANDOM, null, 22, "torchvision", size), radimagenet);

        Map<String, String> vars = new LinkedHashMap<>();
        releases.forEach((key, dir) -> {
            vars.put(key + "_dir", dir.toString());
            vars.put(key + "_input_size", String.valueOf(size));
        });
        vars.put("architecture", "torchvision-resnet18");
        vars.put("weight_source", "medtl-model");
        vars.put("imagenet_weights", imagenet.toString());
        vars.put("radimagenet_weights", radimagenet.toString());
        vars.put("epochs", "1");
        vars.put("head_epochs", "1");
        vars.put("device", "cpu");
        // About 8 test images per fold; at 32 px the last block has one position per image, so CCA gets 8
        // data points there and may compare at most 7 channels (the study's 64 need full-size images).
        vars.put("cca_channels", "4");

        Workflow wf = Workflow.read(TestWorkflowsTest.workflowsRoot().resolve("revisiting-study"));
        Path out = tmp.resolve("out");
        long start = System.nanoTime();
        Path report = StudyRun.run(wf, vars, out, (f, m) -> { });
        System.out.printf("revisiting-study on the miniature releases: %.0f s%n", (System.nanoTime() - start) / 1e9);

        String html = Files.readString(report);
        assertTrue(!html.contains("SYNTHETIC DATA"), "real-format datasets are not synthetic");
        // One AUC row per dataset x initialisation x mode (random is only fine-tuned fully): 7 x 5, each over
        // 5 folds, and each beside the paper's v1 mean +- std because the dataset keys are the paper's.
        Pattern aucRow = Pattern.compile("<tr><td>([a-z-]+)</td><td>(ImageNet|RadImageNet|random)</td><td>(full|freeze-then-finetune)</td>"
                + "<td>(\\d+)</td><td>([0-9.]+) ± ([0-9.]+)</td><td>[^<]*</td><td>([^<]+)</td></tr>");
        Matcher m = aucRow.matcher(html);
        int rows = 0;
        Set<String> seen = new HashSet<>();
        while (m.find()) {
            rows++;
            seen.add(m.group(1) + "/" + m.group(2));
            assertEquals("5", m.group(4), m.group());
            double auc = Double.parseDouble(m.group(5));
            assertTrue(auc >= 0 && auc <= 1, m.group());
            assertTrue(m.group(7).matches("0\\.\\d{3} ± 0\\.\\d{3}"), "paper v1 value beside " + m.group());
        }
        assertEquals(7 * 5, rows, "AUC rows");
        for (String key : MiniatureReleases.KEYS) {
            for (String init : INITS) {
                assertTrue(seen.contains(key + "/" + init), key + " " + init);
            }
            // One similarity table per dataset with the paper's pairs.
            assertTrue(html.contains("<h3>" + key + " — mean CCA</h3>"), "CCA table for " + key);
            for (String pair : List.of("IN vs RIN", "IN-FT vs RIN-FT", "IN vs IN-FT", "RIN vs RIN-FT", "IN-FT vs random-FT", "RIN-FT vs random-FT",
                    "random vs random-FT")) {
                assertTrue(html.contains("<tr><td>" + pair + "</td>"), key + ": " + pair);
            }
            assertTrue(html.contains("<tr><td>" + key + " — ImageNet-FT \u2013 RadImageNet-FT</td><td>5</td>"), "agreement row for " + key);
            assertTrue(Files.isRegularFile(out.resolve("cca-" + key + "-mean-cca.png")), "CCA figure for " + key);
        }
        assertTrue(Files.isRegularFile(out.resolve("auc.png")) && Files.isRegularFile(out.resolve("agreement.png")));

        // The readers saw the miniature releases through the presets: per fold, test AUCs come from the reader's folds.
        for (Workflow.Node n : wf.nodes()) {
            if (n.factory().equals(DatasetReaderStep.FACTORY)) {
                Path manifest = out.resolve(n.name() + " (#" + n.id() + ")").resolve("port_1-dataset.csv");
                assertTrue(Csv.readTable(manifest).size() >= 48, manifest.toString());
            }
        }
    }
}
