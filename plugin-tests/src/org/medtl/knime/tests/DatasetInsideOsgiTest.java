package org.medtl.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.medtl.core.dataset.Dataset;
import org.medtl.core.dataset.DatasetReader;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.dataset.Manifest;

/**
 * The Medical Dataset Reader's core decodes images through ImageIO with the embedded TwelveMonkeys plugins, which
 * are found through class loaders; this reads and verifies a small folder-per-class dataset from inside the plugin
 * bundle, as the node does in KNIME, and builds the decoded-image cache as the node does when asked.
 */
class DatasetInsideOsgiTest {

    @Test
    void folderPerClassDatasetIsReadAndDecodedInsideEquinox() throws Exception {
        Path root = Files.createTempDirectory("medtl-osgi-dataset");
        try {
            for (String label : List.of("benign", "malignant")) {
                Files.createDirectories(root.resolve(label));
                for (int i = 0; i < 6; i++) {
                    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
                    image.getRaster().setSample(i, i, 0, 200);
                    ImageIO.write(image, i % 2 == 0 ? "png" : "jpeg", root.resolve(label).resolve("img" + i
                        + (i % 2 == 0 ? ".png" : ".jpg")).toFile());
                }
            }
            // Asked for the decoded-image cache, as the node's setting does: built in the MedTL cache from inside the bundle.
            Dataset dataset = DatasetReader.read(DatasetSettings.of(root.toString()).withFolds("stratified", 2, 3).withImageCache(32));
            assertTrue(dataset.imageCache().ready(), dataset.imageCache().message());
            assertTrue(dataset.imageCache().message().startsWith("image cache: 12 images at 32x32 ready in "), dataset.imageCache().message());
            Manifest manifest = dataset.manifest();
            assertEquals(List.of("benign", "malignant"), manifest.classes());
            assertEquals(12, manifest.samples().size());
            assertEquals(0, dataset.problems().size(), dataset.problems().toString());
            assertEquals(2, manifest.foldCount());
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
