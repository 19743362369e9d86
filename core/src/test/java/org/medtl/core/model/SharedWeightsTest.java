package org.medtl.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.runtime.DjlRuntime;

/** A Pretrained Backbone taken unchanged from a trained model shares that model's weight file instead of copying it. */
class SharedWeightsTest {

    @TempDir
    Path tmp;

    private Path trained(Path where) throws Exception {
        return DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Classifier c = Classifier.append(ResNet.build(ResNetTest.TINY_KERAS), HeadSpec.study(3));
                c.initialize(m, 9);
                ModelDescription d = new ModelDescription(Architecture.keyOf(ResNetTest.TINY_KERAS), ResNetTest.TINY_KERAS, "caffe", 32,
                        c.head(), List.of("a", "b", "c"), new Provenance("fine-tuned", null, null, 9L, Map.of(), Map.of(), "2026-01-01T00:00:00Z"));
                ModelFolder.save(where, d, c);
                return where;
            }
        });
    }

    private static float[] features(Path backbone) {
        return DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                ModelFolder.Loaded l = ModelFolder.load(backbone, m);
                ai.djl.ndarray.NDArray x = m.arange(3 * 32 * 32).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).div(3072f).reshape(new Shape(1, 3, 32, 32));
                return l.backbone().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            }
        });
    }

    @Test
    void aBackboneFromATrainedModelHardLinksItsWeightsWithTheHashInProvenance() throws Exception {
        Path source = trained(tmp.resolve("trained"));
        Path backbone = tmp.resolve("backbone");
        BackboneSettings s = BackboneSettings.random(Architecture.KERAS_RESNET50, 0).withModelSource(source);
        ModelDescription d = Backbones.save(s, ResNetTest.TINY_KERAS, backbone);
        Path weights = backbone.resolve(TensorFile.FILE_NAME);
        assertTrue(Files.isSameFile(weights, source.resolve(TensorFile.FILE_NAME)), "one file on disk, not a copy");
        assertEquals(Backbones.sha256(source.resolve(TensorFile.FILE_NAME)), d.provenance().weightsSha256());
        assertEquals(d.provenance().weightsSha256(), ModelFolder.readDescription(backbone).provenance().weightsSha256());
        assertTrue(Files.readString(backbone.resolve(ModelFolder.DESCRIPTION_FILE)).contains("hard link to"));
        // The source's head is skipped on load; the backbone computes what the trained model's backbone computes.
        ModelFolder.Loaded reread = DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                return ModelFolder.load(backbone, m);
            }
        });
        assertEquals(null, reread.classifier());
        assertArrayEquals(features(source), features(backbone));
    }

    @Test
    void whereNoHardLinkIsPossibleTheFolderRefersToTheFileByPathAndHashAndSaysSo() throws Exception {
        Path otherFileSystem = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(otherFileSystem) && Files.isWritable(otherFileSystem)
                && !Files.getFileStore(otherFileSystem).equals(Files.getFileStore(tmp)), "needs a second file system (tmpfs /dev/shm)");
        Path shm = Files.createTempDirectory(otherFileSystem, "medtl-shared-weights-");
        try {
            Path source = trained(shm.resolve("trained"));
            Path backbone = tmp.resolve("backbone");
            ModelDescription d = Backbones.save(BackboneSettings.random(Architecture.KERAS_RESNET50, 0).withModelSource(source),
                    ResNetTest.TINY_KERAS, backbone);
            assertFalse(Files.exists(backbone.resolve(TensorFile.FILE_NAME)), "nothing copied");
            List<String> ref = Files.readAllLines(backbone.resolve(ModelFolder.WEIGHTS_REFERENCE));
            assertEquals(source.resolve(TensorFile.FILE_NAME).toAbsolutePath().toString(), ref.get(0));
            assertEquals(d.provenance().weightsSha256(), ref.get(1));
            assertTrue(Files.readString(backbone.resolve(ModelFolder.DESCRIPTION_FILE)).contains("a hard link is impossible"));
            assertArrayEquals(features(source), features(backbone));
            // A changed source is detected, never used.
            Files.write(source.resolve(TensorFile.FILE_NAME), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> features(backbone));
            assertTrue(String.valueOf(e.getMessage()).contains("SHA-256 differs"), e.getMessage());
        } finally {
            org.medtl.core.io.TempOutputs.deleteTree(shm);
        }
    }
}
