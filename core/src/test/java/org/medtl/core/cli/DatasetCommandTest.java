package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Split;

class DatasetCommandTest {

    @TempDir
    Path dir;


    /** Folders {@code normal} and {@code tumour} of {@code perClass} black PNGs each. */
    private Path classFolders(String name, int perClass, int width, int height) throws Exception {
        Path data = dir.resolve(name);
        for (String c : new String[] {"normal", "tumour"}) {
            Files.createDirectories(data.resolve(c));
            for (int i = 0; i < perClass; i++) {
                ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png",
                        data.resolve(c + "/p" + i + "_" + c + ".png").toFile());
            }
        }
        return data;
    }

    private static CommandLineRun run(String... argv) {
        return CommandLineRun.of(argv);
    }

    @Test
    void datasetWritesTheManifestAndPrintsTheSummary() throws Exception {
        Path data = classFolders("data", 10, 12, 10);
        Path manifest = dir.resolve("out/manifest.csv");
        CommandLineRun r = run("dataset", "--source", data.toString(), "--out", manifest.toString(), "--folds", "5", "--seed", "2", "--scheme", "stratified");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("classes: 0=normal (10) 1=tumour (10)"), r.out());
        assertTrue(r.out().contains("fold 4:  train 16 [8/8]  val 0 [0/0]  test 4 [2/2]"), r.out());
        assertTrue(r.out().contains("warning: fold 4 (column fold_4): val 0 [0/0] is empty; fine-tuning refuses this fold. Add images"
                + " of that class, or choose another fold count or seed."), r.out());
        Manifest m = Manifest.read(manifest);
        assertEquals(5, m.foldCount());
        assertEquals(4, m.samples(0, Split.TEST).size());

        CommandLineRun inside = run("dataset", "--source", data.toString(), "--out", data.resolve("manifest.csv").toString());
        assertEquals(2, inside.code());
        assertTrue(inside.err().contains("inside the source folder"), inside.err());

        CommandLineRun bad = run("dataset", "--source", data.toString(), "--out", manifest.toString(), "--scheme", "random");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("'scheme'"), bad.err());
    }

    @Test
    void aSyntheticPresetTakesItsGeneratorSpecAsSource() throws Exception {
        // The source of a synthetic preset is n=COUNT,size=PX (as in the Dataset Reader node), not a path to resolve.
        Path manifest = dir.resolve("synthetic-out/manifest.csv");
        CommandLineRun r = run("dataset", "--preset", "synthetic-ultrasound", "--source", "n=24,size=32", "--folds", "3", "--out",
                manifest.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(24, Manifest.read(manifest).samples().size());
        CommandLineRun bad = run("dataset", "--preset", "synthetic-ultrasound", "--source", "n=24", "--out", manifest.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("n=COUNT,size=PX") && !bad.err().contains(dir.toString()), bad.err());
    }

    @Test
    void datasetBuildsTheImageCacheWhenAskedAndSaysWhenItCannot() throws Exception {
        Path data = classFolders("cached", 6, 40, 30);
        Path manifest = dir.resolve("cached-out/manifest.csv");
        String[] argv = {"dataset", "--source", data.toString(), "--out", manifest.toString(), "--folds", "2", "--scheme", "stratified",
            "--build-image-cache", "32"};
        String limit = org.medtl.core.dataset.DecodedImageCache.LIMIT_VARIABLE;
        System.setProperty(limit, "1k");
        try {
            CommandLineRun tooSmall = run(argv);
            assertEquals(0, tooSmall.code(), tooSmall.err());
            assertTrue(tooSmall.out().contains("warning: decoded-image cache not built: 12 images at 32x32 need"), tooSmall.out());
        } finally {
            System.clearProperty(limit);
        }
        CommandLineRun built = run(argv);
        assertEquals(0, built.code(), built.err());
        assertTrue(built.err().contains("medtl dataset:  50% image cache: decoding 12 images once into "), built.err());
        assertTrue(built.out().contains("image cache: 12 images at 32x32 ready in "), built.out());
        assertTrue(built.out().contains("for the GPU Fine-Tuner and Activation Extractor with input size 32"), built.out());
        CommandLineRun again = run(argv);
        assertTrue(again.err().contains("image cache: reading 12 decoded images"), again.err());
    }

    @Test
    void inspectPrintsOneJsonObjectOrTheError() throws Exception {
        Path ct = dir.resolve("CT_small.dcm");
        try (InputStream in = getClass().getResourceAsStream("/org/medtl/core/dataset/dicom/CT_small.dcm")) {
            Files.copy(in, ct);
        }
        CommandLineRun r = run("inspect", ct.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{") && r.out().trim().endsWith("}"), r.out());
        assertTrue(r.out().contains("\"transfer_syntax\": \"1.2.840.10008.1.2.1\""), r.out());
        assertTrue(r.out().contains("\"rescale_intercept\": -1024.0"), r.out());
        // pydicom: stored values of CT_small range 128..2191, so modality values -896..1167.
        assertTrue(r.out().contains("\"min\": -896.0"), r.out());
        Path sr = dir.resolve("sr.dcm");
        try (InputStream in = getClass().getResourceAsStream("/org/medtl/core/dataset/dicom/test-SR.dcm")) {
            Files.copy(in, sr);
        }
        CommandLineRun e = run("inspect", sr.toString());
        assertEquals(1, e.code());
        assertTrue(e.out().contains("\"error\": \"the DICOM file has no Pixel Data"), e.out());
    }
}
