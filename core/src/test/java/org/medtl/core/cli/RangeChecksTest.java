package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.agreement.Predictions;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.similarity.MeasureSettings;
import org.medtl.core.similarity.SimilarityMeasure;
import org.medtl.core.training.FineTuneSettings;

/** Impossible values and options that do not apply to the chosen mode are refused, naming file, row, column or setting. */
class RangeChecksTest {

    private static Path csv(Path dir, String name, String... lines) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void agreementRefusesProbabilitiesOutsideZeroOneOrNotSummingToOne(@TempDir Path dir) throws Exception {
        Path good = csv(dir, "good.csv", "id,label,p_0,p_1", "x,0,0.8,0.2", "y,1,0.333,0.667");
        String[][] bad = {
            {"negative.csv", "y,1,-0.5,1.5", "negative.csv line 3: p_0 is -0.5; probabilities must be between 0 and 1."},
            {"above.csv", "y,1,0.2,1.5", "above.csv line 3: p_1 is 1.5; probabilities must be between 0 and 1."},
            {"sum.csv", "y,1,0.7,0.7", "sum.csv line 3: p_0..p_1 sum to 1.400; the probabilities of a row must sum to 1"},
        };
        for (String[] b : bad) {
            Path f = csv(dir, b[0], "id,label,p_0,p_1", "x,0,0.8,0.2", b[1]);
            CommandLineRun r = CommandLineRun.of("agreement", good.toString(), f.toString());
            assertEquals(1, r.code(), b[0] + ": " + r.err());
            assertTrue(r.err().contains(b[2]), b[0] + ": expected " + b[2] + " in " + r.err());
            assertTrue(r.out().isEmpty(), r.out());
        }
        // Rounded probabilities within the tolerance are fine.
        assertEquals(0, CommandLineRun.of("agreement", good.toString(), good.toString()).code());
        // Tables (the KNIME node's input) are checked by the same rule, naming the row.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Predictions("port 1", 2, false,
                List.of(new Predictions.Row("x", null, 0, new double[] {0.5, 0.5}), new Predictions.Row("y", null, 1, new double[] {-0.5, 1.5}))));
        assertTrue(e.getMessage().startsWith("port 1 row 2 (id y): p_0 is -0.5"), e.getMessage());
    }

    @Test
    void sizesBelowTheNetworksMinimumAreRefused(@TempDir Path dir) {
        CommandLineRun r = CommandLineRun.of("backbone", "--arch", "torchvision-resnet18", "--random-seed", "1", "--size", "0",
                "--out", dir.resolve("m").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--size must be at least 32"), r.err());
        assertFalse(Files.exists(dir.resolve("m")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackboneSettings.random(Architecture.TORCHVISION_RESNET18, 1).withInputSize(8));
        assertTrue(e.getMessage().startsWith("Setting 'inputSize' must be 0 (native size) or at least 32"), e.getMessage());
        assertEquals(32, BackboneSettings.random(Architecture.TORCHVISION_RESNET18, 1).withInputSize(32).inputSize());
        assertEquals(0, BackboneSettings.random(Architecture.TORCHVISION_RESNET18, 1).withInputSize(0).inputSize());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> FineTuneSettings.builder().size(16).build());
        assertTrue(f.getMessage().startsWith("Setting 'size': 16 must be 0 (preset default) or at least 32"), f.getMessage());
        for (double lr : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1}) {
            IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> FineTuneSettings.builder().learningRate(lr).build());
            assertTrue(g.getMessage().startsWith("Setting 'lr': " + lr + " must be a positive number"), g.getMessage());
        }
    }

    @Test
    void channelsWiderThanTheLayerAreRefusedBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
        Path img = Files.createDirectories(tmp.resolve("img"));
        Random r = new Random(1);
        BufferedImage b = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                b.getRaster().setSample(x, y, 0, r.nextInt(256));
            }
        }
        ImageIO.write(b, "png", img.resolve("g.png").toFile());
        Path out = tmp.resolve("a");
        CommandLineRun run = CommandLineRun.of("activations", "--arch", "torchvision-resnet18", "--random-seed", "4", "--images", img.toString(),
                "--size", "32", "--layers", "relu,layer4", "--channels", "1000", "--out", out.toString(), "--device", "cpu");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("Setting 'channels' is 1000, but layer 'relu' of torchvision-resnet18 has 64 channels; choose at most 64"),
                run.err());
        assertFalse(Files.exists(out), "nothing is published");
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("img"), left.map(p -> p.getFileName().toString()).toList(), "no temporary folder is left");
        }
    }

    @Test
    void directionsWithoutSvccaAreRefused(@TempDir Path dir) throws Exception {
        Path x = csv(dir, "x.csv", "1,2,3,4,5", "2,1,0,3,3");
        CommandLineRun r = CommandLineRun.of("similarity", "--measure", "cca", "--directions", "3", "--neurons-as-rows", x.toString(), x.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--directions applies to --measure svcca only; with --measure cca it would be ignored"), r.err());
        CommandLineRun v = CommandLineRun.of("similarity", "--measure", "cka", "--variance", "0.9", "--neurons-as-rows", x.toString(), x.toString());
        assertEquals(2, v.code(), v.err());
        assertTrue(v.err().contains("--variance applies to --measure svcca only"), v.err());
        CommandLineRun c = CommandLineRun.of("compare-activations", "--measures", "cca,cka", "--directions", "4", dir.toString(), dir.toString());
        assertEquals(2, c.code(), c.err());
        assertTrue(c.err().contains("--directions applies to svcca only, and --measures is cca,cka"), c.err());

        // The records (what the KNIME nodes and the runner read) refuse the same.
        assertThrows(IllegalArgumentException.class, () -> new MeasureSettings(SimilarityMeasure.CCA, 0, 0.99, 3));
        MapConfig saved = new MapConfig();
        ComparisonSettings.study(0).toConfig(saved);
        saved.addInt(ComparisonSettings.CFG_DIRECTIONS, 3);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ComparisonSettings.fromConfig(saved));
        assertTrue(e.getMessage().contains("setting 'directions' is 3, but it applies to svcca only"), e.getMessage());
        saved.addStringList(ComparisonSettings.CFG_MEASURES, List.of("cca", "svcca"));
        ComparisonSettings both = ComparisonSettings.fromConfig(saved);
        assertEquals(3, both.measureSettings(SimilarityMeasure.SVCCA).directions());
        assertEquals(0, both.measureSettings(SimilarityMeasure.CCA).directions());
    }

    @Test
    void classNamesOnAFolderOrTableSourceAreRefused(@TempDir Path dir) throws Exception {
        Path source = Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(source.resolve("benign"));
        Files.createDirectories(source.resolve("malignant"));
        Path out = dir.resolve("ds.csv");
        CommandLineRun r = CommandLineRun.of("dataset", "--source", source.toString(), "--class-names", "a,b", "--out", dir.resolve("ds.csv").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("Setting 'classNames' (--class-names) names numeric labels of NumPy (.npz) and PCam (*_x.h5) sources, but "
                + source + " is a folder whose sub-folders name the classes"), r.err());
        assertFalse(Files.exists(out));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> DatasetSettings.of(source.toString()).withPreset("thyroid").withClassNames(List.of("a", "b")).validate());
        assertTrue(e.getMessage().contains("preset 'thyroid' names its classes itself"), e.getMessage());
    }
}
