package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.training.ShapesDataset;

/**
 * Ctrl-C (SIGINT) and SIGTERM during {@code activations}, {@code finetune} and {@code run}, sent to a real
 * {@code ./medtl} process once its progress shows work under way: the process ends with the signal's exit
 * code, says on standard error which unfinished outputs it removed, and leaves nothing but what was published
 * before (no hidden temporary folder, no half-written output folder).
 */
class InterruptionTest {

    /** Seconds a child may take to start DJL and show progress on a loaded 2-core machine. */
    private static final long START_SECONDS = 120;

    @Test
    void ctrlCDuringActivationsRemovesTheUnfinishedSetAndSaysSo(@TempDir Path tmp) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Random r = new Random(3);
        for (int i = 0; i < 400; i++) {
            BufferedImage b = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    b.getRaster().setSample(x, y, 0, r.nextInt(256));
                }
            }
            ImageIO.write(b, "png", images.resolve("g" + i + ".png").toFile());
        }
        Path outs = Files.createDirectories(tmp.resolve("outs"));
        Path published = Files.writeString(outs.resolve("earlier-result.txt"), "published before");
        try (ChildCommand c = ChildCommand.start("activations", "--arch", "torchvision-resnet18", "--random-seed", "1", "--images",
                images.toString(), "--size", "64", "--layers", "layer1,layer4", "--batch", "1", "--device", "cpu", "--out",
                outs.resolve("acts").toString())) {
            c.awaitErr("medtl activations: ", START_SECONDS);
            assertTrue(unfinished(outs).stream().anyMatch(p -> p.getFileName().toString().startsWith(".acts.tmp")),
                    "the extraction works in a temporary folder beside --out: " + unfinished(outs));
            c.signal("INT");
            assertEquals(130, c.exit(60), c.err());
            assertTrue(c.err().contains("interrupted: removed the unfinished output " + outs.toAbsolutePath().resolve(".acts.tmp")), c.err());
            assertTrue(c.err().contains("(nothing of it was published)"), c.err());
        }
        assertEquals(List.of(), unfinished(outs));
        assertFalse(Files.exists(outs.resolve("acts")), "nothing published under --out");
        assertEquals("published before", Files.readString(published));
    }

    @Test
    void sigtermDuringFinetuneRemovesTheUnfinishedRunAndSaysSo(@TempDir Path tmp) throws Exception {
        Path manifest = ShapesDataset.write(tmp.resolve("data"), 48, 32, 7);
        Path outs = Files.createDirectories(tmp.resolve("outs"));
        try (ChildCommand c = ChildCommand.start("finetune", "--manifest", manifest.toString(), "--random-seed", "1", "--arch",
                "torchvision-resnet18", "--size", "32", "--epochs", "500", "--batch", "4", "--device", "cpu", "--workers", "1", "--out",
                outs.resolve("ft").toString())) {
            // The decoded-image cache is built before the output folder is opened: wait for training itself.
            c.awaitErr("fold 0, finetune, epoch", START_SECONDS);
            assertTrue(unfinished(outs).stream().anyMatch(p -> p.getFileName().toString().startsWith(".ft.tmp")), "" + unfinished(outs));
            c.signal("TERM");
            assertEquals(143, c.exit(60), c.err());
            assertTrue(c.err().contains("interrupted: removed the unfinished output " + outs.toAbsolutePath().resolve(".ft.tmp")), c.err());
            assertTrue(c.err().contains("medtl finetune: stopped before it finished (interrupted)."), c.err());
        }
        assertEquals(List.of(), unfinished(outs));
        try (Stream<Path> left = Files.list(outs)) {
            assertEquals(List.of(), left.toList(), "nothing of the fine-tuning is left");
        }
    }

    @Test
    void ctrlCDuringARunKeepsTheExecutedNodesAndMarksTheRunCanceled(@TempDir Path tmp) throws Exception {
        Path wf = copyWorkflow("node-gpu-fine-tuner", tmp.resolve("wf"));
        Path fineTuner = wf.resolve("GPU Fine_Tuner (#3)").resolve("settings.xml");
        String settings = Files.readString(fineTuner);
        String epochs = "<entry key=\"epochs\" type=\"xint\" value=\"1\"/>";
        assertTrue(settings.contains(epochs));
        Files.writeString(fineTuner, settings.replace(epochs, epochs.replace("\"1\"", "\"500\"")));
        Path out = tmp.resolve("runs").resolve("study");
        Path nodeFolder = out.resolve("GPU Fine-Tuner (#3)");
        try (ChildCommand c = ChildCommand.start("run", wf.toString(), "--threads", "1", "--out", out.toString())) {
            c.awaitErr("GPU Fine-Tuner (#3): started", START_SECONDS);
            long end = System.nanoTime() + 60_000_000_000L;
            while (unfinished(nodeFolder).isEmpty() && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertFalse(unfinished(nodeFolder).isEmpty(), "the fine-tuner writes into a temporary folder in its node folder:\n" + c.err());
            c.signal("INT");
            assertEquals(130, c.exit(60), c.err());
            assertTrue(c.err().contains("interrupted: removed the unfinished output " + out.toAbsolutePath().resolve("GPU Fine-Tuner (#3)")),
                    c.err());
            assertTrue(c.err().contains("run canceled: 2 of 3 nodes executed"), c.err());
        }
        assertEquals(List.of(), unfinished(tmp.resolve("runs")));
        assertFalse(Files.exists(nodeFolder), "the stopped node left no folder");
        // What was published before the signal stays, with the workflow and a report that says the run is incomplete.
        for (String node : List.of("Medical Dataset Reader (#1)", "Pretrained Backbone (#2)")) {
            assertTrue(Files.isRegularFile(out.resolve(node).resolve("outputs.tsv")), node);
        }
        assertTrue(Files.isRegularFile(out.resolve("workflow").resolve("workflow.knime")));
        String report = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(report.contains("INCOMPLETE RUN: the run was canceled") && report.contains("GPU Fine-Tuner (#3)"), report);

        // Continuing a run (./medtl run --resume, a rerun into the same --out) is tested in FailedRunTest.
    }

    /** Hidden temporary files and folders (".NAME.tmp...") and lock files anywhere under {@code dir}. */
    static List<Path> unfinished(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(".") && (name.contains(".tmp") || name.endsWith(".medtl-lock"));
            }).toList();
        }
    }

    /** A copy of a shipped workflow from {@code test-workflows/} (tests run in core/). */
    static Path copyWorkflow(String name, Path to) throws IOException {
        Path here = Paths.get("").toAbsolutePath();
        Path root = here.resolve("../test-workflows").normalize();
        Path from = (Files.isDirectory(root) ? root : here.resolve("test-workflows")).resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }
}
