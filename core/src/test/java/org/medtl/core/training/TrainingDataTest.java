package org.medtl.core.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.cli.Medtl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data sanity before training: folds whose splits make training or its measures meaningless are refused before any epoch. */
class TrainingDataTest {

    @TempDir
    Path dir;

    /** A manifest of one fold; each entry is "label:split". Images are never opened: the check comes first. */
    private Path manifest(String... rows) throws Exception {
        StringBuilder csv = new StringBuilder("id,path,label,fold_0\n");
        for (int i = 0; i < rows.length; i++) {
            String[] ls = rows[i].split(":");
            csv.append("i").append(i).append(",img").append(i).append(".png,").append(ls[0]).append(',').append(ls[1]).append('\n');
        }
        Path m = dir.resolve("data/manifest.csv");
        Files.createDirectories(m.getParent());
        Files.writeString(m, csv);
        return m;
    }

    private static FineTuneSettings.Builder settings() {
        return FineTuneSettings.builder().arch("torchvision-resnet18").weights("").initSeed(1).size(32).epochs(1).device("cpu");
    }

    private String refused(FineTuneSettings s, Path manifest) throws Exception {
        Path out = dir.resolve("out");
        String message = assertThrows(IllegalArgumentException.class,
                () -> FineTuner.run(s, manifest, out, ProgressListener.NONE, Cancellation.NEVER)).getMessage();
        assertFalse(Files.exists(out), "nothing is written");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("data")), left.toList(), "no temporary folder is left");
        }
        return message;
    }

    @Test
    void refusesAClassThatOccursOnlyInTest() throws Exception {
        String m = refused(settings().build(), manifest("a:train", "a:train", "a:val", "b:val", "a:test", "b:test"));
        assertTrue(m.contains("fold 0 (column fold_0): train 2 [2/0] has no 'b' image"), m);
        assertTrue(m.contains("never see that class") && m.contains("another fold count or seed"), m);
    }

    @Test
    void refusesATrainSplitOfOneClass() throws Exception {
        String m = refused(settings().build(), manifest("a:train", "a:train", "b:val", "a:val", "b:test", "a:test", "b:test"));
        assertTrue(m.contains("train 2 [2/0] has no 'b' image"), m);
    }

    @Test
    void refusesValAucOnAValSplitOfOneClassButNamesValLoss() throws Exception {
        Path manifest = manifest("a:train", "b:train", "a:val", "a:test", "b:test");
        String m = refused(settings().monitor(FineTuneSettings.Monitor.VAL_AUC).build(), manifest);
        assertTrue(m.contains("val 1 [1/0] has no 'b' image") && m.contains("val AUC, which early stopping monitors, is undefined"), m);
        assertTrue(m.contains("--monitor val-loss"), m);
        String head = refused(settings().mode(TrainingMode.parse("freeze-then-finetune")).headMonitor(FineTuneSettings.Monitor.VAL_AUC)
                .build(), manifest);
        assertTrue(head.contains("--head-monitor val-loss"), head);
    }

    @Test
    void refusesATestSplitOfOneClass() throws Exception {
        String m = refused(settings().build(), manifest("a:train", "b:train", "a:val", "b:val", "a:test"));
        assertTrue(m.contains("test 1 [1/0] has no 'b' image, so its test AUC is undefined"), m);
    }

    @Test
    void aClassMissingFromValWithValLossIsAWarning() throws Exception {
        var manifest = org.medtl.core.dataset.Manifest.read(manifest("a:train", "b:train", "a:val", "a:test", "b:test"));
        List<String> w = TrainingData.check(manifest, List.of(0), settings().build());
        assertEquals(List.of("fold 0 (column fold_0): val 1 [1/0] has no 'b' image: early stopping and the best epoch judge that class"
                + " on no validation image."), w);
    }

    @Test
    void theCommandLineTrainsWithAValSplitOfOneClassAndCarriesTheWarning() throws Exception {
        Path data = ShapesDataset.write(dir.resolve("data"), 32, 32, 3).getParent();
        List<String> lines = Files.readAllLines(data.resolve("manifest.csv"));
        StringBuilder csv = new StringBuilder("id,path,label,fold_0\n");
        int[] seen = new int[2];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int c = f[2].equals("disc") ? 0 : 1;
            String split = seen[c] < 4 ? "test" : c == 0 && seen[c] < 6 ? "val" : "train";
            seen[c]++;
            csv.append(f[0]).append(',').append(f[1]).append(',').append(f[2]).append(',').append(split).append('\n');
        }
        Files.writeString(data.resolve("manifest.csv"), csv);
        Path out = dir.resolve("tuned");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Medtl.run(new String[] {"finetune", "--manifest", data.resolve("manifest.csv").toString(), "--weights",
                ShapesDataset.backbone(dir.resolve("backbone"), 17).toString(), "--size", "32", "--epochs", "1", "--batch", "8",
                "--device", "cpu", "--workers", "1", "--out", out.toString()}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err);
        String warning = "fold 0 (column fold_0): val 2 [2/0] has no 'square' image: early stopping and the best epoch judge that class"
                + " on no validation image.";
        assertTrue(err.contains("medtl finetune: warning: " + warning), err);
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("\"warnings\": [\"" + warning.replace("'", "\\u0027")) ||
                stdout.toString(StandardCharsets.UTF_8).contains(warning), stdout.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(warning), Files.readAllLines(out.resolve(FineTuneResult.WARNINGS)));
    }
}
