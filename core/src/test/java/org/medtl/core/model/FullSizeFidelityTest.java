package org.medtl.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.medtl.core.io.Npy;
import org.medtl.core.runtime.DjlRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full-size ResNet-50s against PyTorch at 224 px (about 200 MB of fixtures, not committed). Make them with
 * {@code /usr/bin/python3 tools/make_model_fixtures.py --full core/target/heavy-fixtures}, or point the system
 * property / environment variable {@code MEDTL_HEAVY_FIXTURES} elsewhere. Run with {@code -Pheavy}.
 */
@Tag("heavy")
class FullSizeFidelityTest {

    static Path dir() {
        String d = System.getProperty("MEDTL_HEAVY_FIXTURES", System.getenv("MEDTL_HEAVY_FIXTURES"));
        Path p = d == null ? Paths.get("target", "heavy-fixtures") : Paths.get(d);
        assertTrue(Files.isRegularFile(p.resolve("input.npy")), "Heavy fixtures missing in " + p.toAbsolutePath()
                + ": run /usr/bin/python3 tools/make_model_fixtures.py --full core/target/heavy-fixtures");
        return p;
    }

    @Test
    void kerasResNet50BothLayoutsMatchPyTorchAtEveryPaperLayer() throws Exception {
        Path d = dir();
        for (String file : new String[] {"keras_resnet50_notop.h5", "keras_resnet50_model.h5"}) {
            compare(BackboneSettings.file(Architecture.KERAS_RESNET50, d.resolve(file)), d, "keras_resnet50");
        }
    }

    @Test
    void torchvisionResNet50MatchesTorchvisionIncludingTheImageNetTop() throws Exception {
        Path d = dir();
        compare(BackboneSettings.file(Architecture.TORCHVISION_RESNET50, d.resolve("tv_resnet50.pth")), d, "tv_resnet50");
        Npy.Array input = Npy.read(d.resolve("input.npy"));
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Classifier c = Classifier.append(ResNet.build(Architecture.TORCHVISION_RESNET50), new HeadSpec("fc", 1000, 0f));
                TorchStateDict.Contents sd = TorchStateDict.read(d.resolve("tv_resnet50.pth"));
                Map<String, HostTensor> all = new java.util.LinkedHashMap<>(sd.tensors());
                all.putAll(sd.top());
                WeightAssignment.assign(c.namedParameters(), all, m, "tv_resnet50.pth");
                NDArray x = m.create((float[]) input.data(), new Shape(Arrays.stream(input.shape()).asLongStream().toArray()));
                NDArray logits = c.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                WeightFidelityTest.assertClose((float[]) Npy.read(d.resolve("tv_resnet50__fc.npy")).data(), logits.toFloatArray(), "fc");
                return null;
            }
        });
    }

    private static void compare(BackboneSettings s, Path d, String prefix) throws Exception {
        Npy.Array input = Npy.read(d.resolve("input.npy"));
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager(); LayerNetwork net = LayerNetworks.open(s, m)) {
                NDArray x = m.create((float[]) input.data(), new Shape(Arrays.stream(input.shape()).asLongStream().toArray()));
                Map<String, NDArray> out = net.forwardLayers(x, net.paperLayers());
                for (String layer : net.paperLayers()) {
                    WeightFidelityTest.assertClose((float[]) Npy.read(d.resolve(prefix + "__" + layer + ".npy")).data(),
                            out.get(layer).toFloatArray(), s.weightsFile().getFileName() + " " + layer);
                }
                return null;
            }
        });
    }
}
