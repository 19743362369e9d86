package org.medtl.core.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.activations.ActivationSet;
import org.medtl.core.io.Npy;
import org.medtl.core.model.ModelFolder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationsCommandTest {

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... argv) {
        return Medtl.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void extractsPaperLayersOfARandomResNet18AndReadsBackAModelFolder(@TempDir Path tmp) throws Exception {
        Path img = Files.createDirectories(tmp.resolve("img"));
        Random r = new Random(1);
        for (int i = 0; i < 2; i++) {
            BufferedImage b = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 40; x++) {
                    b.getRaster().setSample(x, y, 0, r.nextInt(256));
                }
            }
            ImageIO.write(b, "png", img.resolve("g" + i + ".png").toFile());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(out, err, "activations", "--arch", "torchvision-resnet18", "--random-seed", "4", "--images", img.toString(),
                "--size", "32", "--spatial", "all", "--out", tmp.resolve("a").toString(), "--device", "cpu");
        assertEquals(0, code, err.toString());
        ActivationSet set = ActivationSet.read(tmp.resolve("a"));
        assertEquals(List.of("relu", "layer1", "layer2", "layer3", "layer4"), set.layers().stream().map(ActivationSet.Layer::name).toList());
        assertArrayEquals(new int[] {2 * 16 * 16, 64}, Npy.read(set.matrixFile("relu")).shape());
        assertArrayEquals(new int[] {2, 512}, Npy.read(set.matrixFile("layer4")).shape());

        // the same network saved as a model folder gives the same activations
        assertEquals(0, run(out, err, "backbone", "--arch", "torchvision-resnet18", "--random-seed", "4", "--size", "32",
                "--out", tmp.resolve("m").toString()), err.toString());
        assertEquals("torchvision", ModelFolder.readDescription(tmp.resolve("m")).preprocessing());
        assertEquals(0, run(out, err, "activations", "--model", tmp.resolve("m").toString(), "--images", img.toString(),
                "--layers", "layer2", "--out", tmp.resolve("b").toString(), "--device", "cpu"), err.toString());
        assertArrayEquals((float[]) Npy.read(set.matrixFile("layer2")).data(),
                (float[]) Npy.read(ActivationSet.read(tmp.resolve("b")).matrixFile("layer2")).data(), 1e-5f);

        // a manifest goes through the dataset pipeline; ids and values follow the manifest's rows
        Files.writeString(tmp.resolve("manifest.csv"), "id,path,label\nsecond,img/g1.png,a\nfirst,img/g0.png,b\n");
        assertEquals(0, run(out, err, "activations", "--model", tmp.resolve("m").toString(), "--images",
                tmp.resolve("manifest.csv").toString(), "--layers", "layer2", "--out", tmp.resolve("c").toString(), "--device", "cpu"),
                err.toString());
        ActivationSet c = ActivationSet.read(tmp.resolve("c"));
        assertEquals(List.of("second", "first"), c.imageIds());
        float[] byFolder = (float[]) Npy.read(set.matrixFile("layer2")).data();
        float[] byManifest = (float[]) Npy.read(c.matrixFile("layer2")).data();
        int half = byFolder.length / 2;
        assertArrayEquals(java.util.Arrays.copyOfRange(byFolder, half, 2 * half), java.util.Arrays.copyOfRange(byManifest, 0, half), 1e-5f);
    }

    @Test
    void contradictoryOrMissingOptionsAreUsageErrors(@TempDir Path tmp) throws Exception {
        Path images = java.nio.file.Files.createDirectories(tmp.resolve("images"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(out, err, "activations", "--arch", "keras-resnet50", "--weights", "a.h5", "--random-seed", "1",
                "--images", images.toString(), "--out", tmp.resolve("o").toString()));
        assertTrue(err.toString().contains("exactly one of --weights"), err.toString());
        assertEquals(2, run(out, err, "activations", "--arch", "keras-resnet50", "--random-seed", "1", "--out", "x"));
        assertEquals(1, run(out, err, "activations", "--arch", "keras-resnet51", "--random-seed", "1", "--images", images.toString(),
                "--out", tmp.resolve("o").toString()));
        assertTrue(err.toString().contains("keras-resnet51"), err.toString());
    }
}
