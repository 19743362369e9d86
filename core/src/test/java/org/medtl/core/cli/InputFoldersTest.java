package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No command writes inside any of its input folders, and 'workflows' deletes only what it wrote. */
class InputFoldersTest {

    @TempDir
    Path dir;

    /** Every file below {@code folder} with its content, to show that an input is unchanged. */
    private static Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(p).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    private Path images() throws IOException {
        Path images = Files.createDirectories(dir.resolve("data/images"));
        for (int i = 0; i < 4; i++) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", images.resolve("p" + i + ".png").toFile());
        }
        StringBuilder csv = new StringBuilder("id,path,label,fold_0\n");
        String[] splits = {"train", "val", "test", "train"};
        for (int i = 0; i < 4; i++) {
            csv.append("p").append(i).append(",images/p").append(i).append(".png,").append(i % 2 == 0 ? "a" : "b").append(',')
                    .append(splits[i]).append('\n');
        }
        Files.writeString(dir.resolve("data/manifest.csv"), csv);
        return images;
    }

    @Test
    void activationsRefusesAnOutputInsideTheImageFolderOrTheModelFolder() throws Exception {
        Path images = images();
        Map<String, String> before = snapshot(dir.resolve("data"));
        CommandLineRun r = CommandLineRun.of("activations", "--arch", "torchvision-resnet18", "--random-seed", "1", "--images",
                images.toString(), "--out", images.resolve("acts").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("--out " + images.resolve("acts") + " is inside the image folder " + images.toRealPath()
                + ", an input; outputs never go into input folders"), r.err());
        CommandLineRun viaManifest = CommandLineRun.of("activations", "--arch", "torchvision-resnet18", "--random-seed", "1", "--size", "32",
                "--images", dir.resolve("data/manifest.csv").toString(), "--out", dir.resolve("data").toString());
        assertEquals(1, viaManifest.code(), viaManifest.err());
        assertTrue(viaManifest.err().contains("is the manifest's folder"), viaManifest.err());
        Path model = Files.createDirectories(dir.resolve("model"));
        CommandLineRun inModel = CommandLineRun.of("activations", "--model", model.toString(), "--images", images.toString(), "--out",
                model.resolve("acts").toString());
        assertEquals(1, inModel.code(), inModel.err());
        assertTrue(inModel.err().contains("is inside the model folder"), inModel.err());
        assertEquals(before, snapshot(dir.resolve("data")));
        assertFalse(Files.exists(model.resolve("acts")));
    }

    @Test
    void finetuneRefusesAnOutputInsideTheImageFolderOrTheBackboneFolder() throws Exception {
        Path images = images();
        Map<String, String> before = snapshot(dir.resolve("data"));
        CommandLineRun r = CommandLineRun.of("finetune", "--manifest", dir.resolve("data/manifest.csv").toString(), "--arch",
                "torchvision-resnet18", "--random-seed", "1", "--out", images.resolve("tuned").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("Output folder " + images.resolve("tuned") + " is inside the image folder " + images.toRealPath()), r.err());
        Path backbone = Files.createDirectories(dir.resolve("backbone"));
        CommandLineRun inBackbone = CommandLineRun.of("finetune", "--manifest", dir.resolve("data/manifest.csv").toString(), "--weights",
                backbone.toString(), "--out", backbone.resolve("tuned").toString());
        assertEquals(1, inBackbone.code(), inBackbone.err());
        assertTrue(inBackbone.err().contains("is inside the backbone model folder"), inBackbone.err());
        assertEquals(before, snapshot(dir.resolve("data")));
        try (Stream<Path> left = Files.list(backbone)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void reportRefusesToWriteIntoARunItReads() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("report.html"), "the run's own report");
        for (Path out : new Path[] {run, run.resolve("merged")}) {
            CommandLineRun r = CommandLineRun.of("report", run.toString(), "--out", out.toString());
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("Report folder " + out + (out.equals(run) ? " is " : " is inside ") + "the run folder"), r.err());
        }
        assertEquals(Map.of("report.html", java.util.HexFormat.of().formatHex("the run's own report".getBytes())), snapshot(run));
    }

    @Test
    void runRefusesAnOutputInsideTheWorkflowFolder() throws Exception {
        Path root = dir.resolve("wf");
        assertEquals(0, CommandLineRun.of("workflows", root.toString()).code());
        Path wf = root.resolve("node-dataset-reader");
        Map<String, String> before = snapshot(wf);
        CommandLineRun r = CommandLineRun.of("run", wf.toString(), "--out", wf.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("is inside the workflow folder"), r.err());
        assertEquals(before, snapshot(wf));
    }

    @Test
    void runRefusesAnOutputInsideAReadersSourceFolder() throws Exception {
        Path root = dir.resolve("wf");
        assertEquals(0, CommandLineRun.of("workflows", root.toString()).code());
        Path images = images();
        Map<String, String> before = snapshot(dir.resolve("data"));
        CommandLineRun r = CommandLineRun.of("run", root.resolve("revisiting-study").toString(), "--var",
                "thyroid_dir=" + images, "--out", images.resolve("run").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("Run folder " + images.resolve("run") + " is inside the dataset source folder of node"
                + " 'Medical Dataset Reader' (#1)"), r.err());
        assertEquals(before, snapshot(dir.resolve("data")));
    }

    @Test
    void workflowsReplacesOnlyTheFilesItWroteAndNamesAForeignFile() throws Exception {
        Path root = dir.resolve("wf");
        assertEquals(0, CommandLineRun.of("workflows", root.toString()).code());
        Files.writeString(root.resolve("quick-study/notes.txt"), "my notes");
        Map<String, String> before = snapshot(root);
        CommandLineRun r = CommandLineRun.of("workflows", root.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("holds notes.txt, which './medtl workflows' did not write") && r.err().contains("Nothing was written"),
                r.err());
        assertEquals(before, snapshot(root));
        Files.delete(root.resolve("quick-study/notes.txt"));
        Files.writeString(root.resolve("node-gpu-fine-tuner/GPU Fine_Tuner (#3)/node.xml"), "<saved by KNIME/>");
        CommandLineRun knimeSaved = CommandLineRun.of("workflows", root.toString());
        assertEquals(1, knimeSaved.code(), knimeSaved.err());
        assertTrue(knimeSaved.err().contains("holds GPU Fine_Tuner (#3)/node.xml"), knimeSaved.err());
        Files.delete(root.resolve("node-gpu-fine-tuner/GPU Fine_Tuner (#3)/node.xml"));
        assertEquals(0, CommandLineRun.of("workflows", root.toString()).code(), "its own files are replaced");
    }
}
