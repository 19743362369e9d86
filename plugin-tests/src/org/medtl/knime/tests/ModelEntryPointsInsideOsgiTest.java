package org.medtl.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.medtl.core.activations.ActivationSet;
import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.FoldedExtraction;
import org.medtl.core.activations.Spatial;
import org.medtl.core.dataset.Sample;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.runtime.Progress;

/**
 * The core entry points the Pretrained Backbone and Activation Extractor nodes call, inside Equinox:
 * a seeded ResNet-18 is saved as a model folder and its five study layers are extracted for three images. Shapes
 * are analytic: with global average pooling every layer gives one row per image and its stage width as columns
 * (64, 64, 128, 256, 512 for ResNet-18).
 */
class ModelEntryPointsInsideOsgiTest {

    @Test
    void backboneIsSavedAndItsActivationsExtractedInsideEquinox() throws Exception {
        Path root = Files.createTempDirectory("medtl-osgi-model");
        try {
            BackboneSettings settings = BackboneSettings.random(Architecture.TORCHVISION_RESNET18, 5).withInputSize(32);
            Path model = root.resolve("backbone");
            ModelDescription description = Backbones.save(settings, model);
            assertEquals("torchvision-resnet18", description.architecture());
            assertEquals(32, ModelFolder.readDescription(model).inputSize());

            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
                image.setRGB(i, i, 0xff8040);
                Path file = root.resolve("img" + i + ".png");
                ImageIO.write(image, "png", file.toFile());
                samples.add(new Sample("img" + i, file, "", 0, "a", 0, "", List.of()));
            }
            ExtractionSettings extraction = new ExtractionSettings(List.of(ExtractionSettings.PAPER),
                Spatial.parse("avgpool"), 0, 0, ExtractionSettings.ImageCount.ALL, 2, "cpu");
            ActivationSet set = FoldedExtraction.extractOne(model, samples, extraction, root.resolve("activations"),
                Progress.NONE);
            assertEquals(List.of("img0", "img1", "img2"), set.imageIds());
            List<Integer> widths = new ArrayList<>();
            for (ActivationSet.Layer layer : set.layers()) {
                assertEquals(3, layer.rows(), layer.name());
                widths.add(layer.columns());
                assertTrue(Files.isRegularFile(set.matrixFile(layer.name())), layer.name());
            }
            assertEquals(List.of(64, 64, 128, 256, 512), widths);
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
