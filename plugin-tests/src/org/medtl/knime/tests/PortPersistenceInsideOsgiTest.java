package org.medtl.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.FoldedExtraction;
import org.medtl.core.activations.Spatial;
import org.medtl.core.config.MapConfig;
import org.medtl.core.dataset.Sample;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.Provenance;
import org.medtl.core.runtime.Progress;
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.similarity.FoldedComparison;
import org.medtl.core.similarity.MeasureSettings;
import org.medtl.core.similarity.SimilarityMeasure;
import org.medtl.core.study.NodeSpecs;
import org.medtl.core.training.FineTuneSettings;
import org.medtl.knime.port.ActivationSetPortObjectSpec;
import org.medtl.knime.port.FolderPortObject;
import org.medtl.knime.port.FolderPortObjectSpec;
import org.medtl.knime.port.ModelPortObjectSpec;

/**
 * Executed model and activation-set ports as KNIME saves them (issue #10, deliverable 8): the specs and objects go
 * through the logic of the serializers registered at org.knime.core.PortType (which KNIME hands a
 * PortObject(Spec)ZipOutputStream, a ZipOutputStream), the workflow folder with its file stores is moved, the ports
 * are reloaded there and the downstream nodes' entry points (Activation Extractor, CCA Comparator) run on them.
 * The stand-in cannot run KNIME's file-store bookkeeping itself: the folder is found again the way KNIME hands it
 * back, through the file store's new location, never through a saved path.
 */
class PortPersistenceInsideOsgiTest {

    @Test
    void portsSurviveSaveReloadAndAMovedWorkflowFolder() throws Exception {
        Path root = Files.createTempDirectory("medtl-osgi-ports");
        try {
            Path executed = root.resolve("executed-workflow");
            Path model = executed.resolve("filestores/backbone");
            ModelDescription description =
                Backbones.save(BackboneSettings.random(Architecture.TORCHVISION_RESNET18, 5).withInputSize(32), model);
            // As a fine-tuned model records it: the settings name the backbone's folder on the executing machine.
            ModelPortObjectSpec modelSpec = ModelPortObjectSpec.of(withSettingsOfAFineTuning(description, model));
            List<Sample> samples = images(root.resolve("images"), 12);
            ExtractionSettings extraction = new ExtractionSettings(List.of(ExtractionSettings.PAPER),
                Spatial.parse("avgpool"), 0, 0, ExtractionSettings.ImageCount.ALL, 4, "cpu");
            Path activations = executed.resolve("filestores/activations");
            FoldedExtraction.extractOne(model, samples, extraction, activations, Progress.NONE);
            Map<String, String> known = new LinkedHashMap<>(NodeSpecs.extractor(extraction, null, null).properties());
            known.put("source", activations.toString());
            ActivationSetPortObjectSpec activationSpec = new ActivationSetPortObjectSpec(known);

            Path modelSpecZip = save(executed.resolve("port_1/spec.zip"), out -> FolderPortObjectSpec.writeProperties(modelSpec.properties(), out));
            Path modelZip = save(executed.resolve("port_1/object.zip"), FolderPortObject::writeMarker);
            Path setSpecZip = save(executed.resolve("port_2/spec.zip"), out -> FolderPortObjectSpec.writeProperties(activationSpec.properties(), out));
            Path setZip = save(executed.resolve("port_2/object.zip"), FolderPortObject::writeMarker);
            for (Path saved : List.of(modelSpecZip, setSpecZip)) {
                assertNoMachinePaths(saved, root);
            }

            Path moved = root.resolve("elsewhere/moved-workflow");
            Files.createDirectories(moved.getParent());
            Files.move(executed, moved);
            assertFalse(Files.exists(model));

            ModelPortObjectSpec reloadedModelSpec = new ModelPortObjectSpec(load(moved.resolve("port_1/spec.zip")));
            assertEquals(modelSpec, reloadedModelSpec);
            assertEquals("torchvision-resnet18", reloadedModelSpec.get("architecture"));
            checkMarker(moved.resolve("port_1/object.zip"));
            assertEquals(activationSpec, new ActivationSetPortObjectSpec(load(moved.resolve("port_2/spec.zip"))));
            checkMarker(moved.resolve("port_2/object.zip"));

            // Downstream of the reloaded model: the Activation Extractor's entry point, on the moved file store.
            Path again = root.resolve("downstream/activations");
            FoldedExtraction.extractOne(moved.resolve("filestores/backbone"), samples, extraction, again, Progress.NONE);
            // Downstream of the reloaded activation set: the CCA Comparator's entry point. The same network on the
            // same images gives identical activations, so every layer's similarity is 1.
            ComparisonSettings cka = new ComparisonSettings(List.of(SimilarityMeasure.CKA), List.of(),
                MeasureSettings.STUDY_EPSILON, MeasureSettings.DEFAULT_VARIANCE_FRACTION, 0, 0, 0, 1, 0);
            List<FoldedComparison.Row> rows =
                FoldedComparison.compare(moved.resolve("filestores/activations"), again, cka, Progress.NONE);
            assertEquals(5, rows.size(), "one row per study layer");
            for (FoldedComparison.Row r : rows) {
                assertEquals(1.0, r.similarity().mean(), 1e-6, r.similarity().layer());
            }
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void absolutePathsInSpecValuesBecomeFileNames() {
        assertEquals("weights.h5", FolderPortObjectSpec.withoutFolders("/home/ann/models/weights.h5"));
        assertEquals("weights.h5", FolderPortObjectSpec.withoutFolders("C:\\Users\\ann\\weights.h5"));
        assertEquals("from backbone, 3 folds", FolderPortObjectSpec.withoutFolders("from /tmp/knime_x/fs/backbone, 3 folds"));
        assertEquals("https://example.org/a/b 1/2", FolderPortObjectSpec.withoutFolders("https://example.org/a/b 1/2"));
        assertEquals("64 x 8", FolderPortObjectSpec.withoutFolders("64 x 8"));
    }

    private static ModelDescription withSettingsOfAFineTuning(ModelDescription d, Path backbone) {
        MapConfig config = new MapConfig();
        FineTuneSettings.builder().build().withBackbone(backbone).toConfig(config);
        Map<String, String> settings = new LinkedHashMap<>(d.provenance().settings());
        config.asMap().forEach((k, v) -> settings.put(k, String.valueOf(v)));
        Provenance p = d.provenance();
        return d.withHead(d.head(), d.classes(), new Provenance(p.weightsSource(), backbone.resolve("weights.pt").toString(),
            p.weightsSha256(), p.seed(), settings, p.versions(), p.created()));
    }

    private static void assertNoMachinePaths(Path specZip, Path root) throws IOException {
        for (Map.Entry<String, String> e : load(specZip).entrySet()) {
            String v = e.getValue();
            String where = specZip + ", property '" + e.getKey() + "' = '" + v + "'";
            assertFalse(v.startsWith("/") || v.matches("^[A-Za-z]:[\\\\/].*"), where);
            assertFalse(v.contains(root.getFileName().toString()), where);
            assertFalse(v.contains(System.getProperty("java.io.tmpdir")), where);
        }
    }

    private interface ZipWriter {
        void write(ZipOutputStream out) throws IOException;
    }

    private static Path save(Path file, ZipWriter writer) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream out = new ZipOutputStream(os)) {
            writer.write(out);
        }
        return file;
    }

    private static Map<String, String> load(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file); ZipInputStream in = new ZipInputStream(is)) {
            return FolderPortObjectSpec.readProperties(in);
        }
    }

    private static void checkMarker(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file); ZipInputStream in = new ZipInputStream(is)) {
            FolderPortObject.readMarker(in);
        }
    }

    private static List<Sample> images(Path folder, int n) throws IOException {
        Files.createDirectories(folder);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 20; y++) {
                image.setRGB((i * 7 + y) % 20, y, 0xff0000 + i * 0x1500);
            }
            Path file = folder.resolve("img" + i + ".png");
            ImageIO.write(image, "png", file.toFile());
            samples.add(new Sample("img" + i, file, "", 0, i % 2 == 0 ? "a" : "b", i % 2, "", List.of()));
        }
        return samples;
    }
}
