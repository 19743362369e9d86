package org.medtl.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.medtl.core.io.Npy;
import org.medtl.core.runtime.DjlRuntime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weights written by h5py / torch.save in the real file layouts reproduce PyTorch's activations
 * (tools/make_model_fixtures.py, torch 1.13 from Debian) at every layer within 1e-4 relative to the
 * layer's largest magnitude.
 */
class WeightFidelityTest {

    static final ResNetSpec KERAS_TINY = new ResNetSpec(ResNetSpec.Layout.KERAS, true, List.of(1, 2, 1, 1), List.of(4, 8, 8, 16), 8);
    static final ResNetSpec TV_BOTTLENECK = new ResNetSpec(ResNetSpec.Layout.TORCHVISION, true, List.of(1, 2, 1, 1), List.of(4, 8, 8, 16), 8);
    static final ResNetSpec TV_BASIC = new ResNetSpec(ResNetSpec.Layout.TORCHVISION, false, List.of(2, 1, 1, 1), List.of(8, 8, 16, 16), 8);
    static final double TOLERANCE = 1e-4;

    static Path fixture(String name) {
        try {
            return Paths.get(WeightFidelityTest.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " missing; run tools/make_model_fixtures.py", e);
        }
    }

    @Test
    void kerasWeightsOnlyFileReproducesPyTorch() throws Exception {
        check("keras_tiny_weights.h5", KERAS_TINY, "keras_tiny");
    }

    @Test
    void kerasFullModelFileReproducesPyTorchAndSkipsTheImageNetTop() throws Exception {
        check("keras_tiny_model.h5", KERAS_TINY, "keras_tiny");
    }

    @Test
    void kerasBackboneNestedInAWrapperModelReproducesPyTorch() throws Exception {
        check("keras_tiny_nested.h5", KERAS_TINY, "keras_tiny");
    }

    @Test
    void torchvisionBottleneckStateDictReproducesTorchvision() throws Exception {
        check("tv_tiny_bottleneck.pth", TV_BOTTLENECK, "tv_tiny_bottleneck");
    }

    @Test
    void torchvisionBasicBlockStateDictReproducesTorchvision() throws Exception {
        check("tv_tiny_basic.pth", TV_BASIC, "tv_tiny_basic");
    }

    private void check(String file, ResNetSpec spec, String prefix) throws Exception {
        Npy.Array input = Npy.read(fixture("input.npy"));
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                BackboneSettings s = new BackboneSettings(Architecture.TORCHVISION_RESNET18.key(), WeightSource.ofFile(Paths.get(file)),
                        fixture(file), 0, "caffe", 0);
                ModelFolder.Loaded loaded = Backbones.load(s, spec, m);
                ResNet net = loaded.backbone();
                NDArray x = m.create((float[]) input.data(), new Shape(Arrays.stream(input.shape()).asLongStream().toArray()));
                List<String> layers = new ArrayList<>(net.layerNames());
                layers.remove(layers.size() - 1); // global pool: not in the fixtures
                Map<String, NDArray> out = net.forwardLayers(new ai.djl.training.ParameterStore(m, false), x, layers, false);
                for (String layer : layers) {
                    Npy.Array ref = Npy.read(fixture(prefix + "__" + layer + ".npy"));
                    NDArray a = out.get(layer);
                    assertArrayEquals(Arrays.stream(ref.shape()).asLongStream().toArray(), a.getShape().getShape(), layer);
                    assertClose((float[]) ref.data(), a.toFloatArray(), file + " " + layer);
                }
                return null;
            }
        });
    }

    @Test
    void torchScriptProgramRunsThroughDjlAndReturnsNamedLayers() throws Exception {
        Npy.Array input = Npy.read(fixture("input.npy"));
        ModelDescription d = new ModelDescription(Architecture.CUSTOM_KEY, KERAS_TINY, "caffe", 0, null, null, null);
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager();
                 LayerNetwork net = LayerNetworks.openTorchScript(fixture("keras_tiny_script.pt"), d)) {
                NDArray x = m.create((float[]) input.data(), new Shape(Arrays.stream(input.shape()).asLongStream().toArray()));
                List<String> paper = ResNet.build(KERAS_TINY).paperLayers();
                Map<String, NDArray> out = net.forwardLayers(x, paper);
                assertEquals(paper, net.layerNames());
                for (String layer : paper) {
                    assertClose((float[]) Npy.read(fixture("keras_tiny__" + layer + ".npy")).data(), out.get(layer).toFloatArray(),
                            "TorchScript " + layer);
                }
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forwardLayers(x, List.of("pool1_pool")));
                assertTrue(e.getMessage().contains("pool1_pool"), e.getMessage());
                return null;
            }
        });
    }

    static void assertClose(float[] ref, float[] got, String what) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            scale = Math.max(scale, Math.abs(ref[i]));
            worst = Math.max(worst, Math.abs(ref[i] - got[i]));
        }
        assertTrue(scale > 0, what + ": reference is all zero");
        assertTrue(worst <= TOLERANCE * scale, what + ": max difference " + worst + " exceeds " + TOLERANCE + " x " + scale);
    }

    @Test
    void aPickleThatImportsAnythingElseIsRefused() {
        IOException e = assertThrows(IOException.class, () -> TorchStateDict.read(fixture("malicious.pth")));
        assertTrue(e.getMessage().startsWith("Security:") && e.getMessage().contains("system"), e.getMessage());
    }

    @Test
    void aFileForAnotherArchitectureIsRefusedNamingLayerAndShapes() throws Exception {
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                BackboneSettings wide = new BackboneSettings("keras-resnet50", WeightSource.KERAS_H5, fixture("keras_tiny_weights.h5"),
                        0, "caffe", 0);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backbones.load(wide, m));
                assertTrue(e.getMessage().contains("keras_tiny_weights.h5") && e.getMessage().contains("missing"), e.getMessage());
                ResNetSpec wider = new ResNetSpec(ResNetSpec.Layout.KERAS, true, List.of(1, 2, 1, 1), List.of(4, 8, 8, 32), 8);
                e = assertThrows(IllegalArgumentException.class, () -> Backbones.load(wide, wider, m));
                assertTrue(e.getMessage().contains("conv5_block1_0_conv/kernel") && e.getMessage().contains("[64, 32, 1, 1]")
                        && e.getMessage().contains("(128, 32, 1, 1)"), e.getMessage());
                BackboneSettings pthIntoKeras = new BackboneSettings("keras-resnet50", WeightSource.PTH, fixture("tv_tiny_basic.pth"),
                        0, "caffe", 0);
                e = assertThrows(IllegalArgumentException.class, () -> Backbones.load(pthIntoKeras, m));
                assertTrue(e.getMessage().contains("different networks"), e.getMessage());
                BackboneSettings basicIntoBottleneck = new BackboneSettings("torchvision-resnet18", WeightSource.PTH,
                        fixture("tv_tiny_basic.pth"), 0, "torchvision", 0);
                e = assertThrows(IllegalArgumentException.class, () -> Backbones.load(basicIntoBottleneck, TV_BOTTLENECK, m));
                assertTrue(e.getMessage().contains("tv_tiny_basic.pth"), e.getMessage());
                return null;
            }
        });
    }

    @Test
    void aLegacyOrForeignFileIsRefusedWithAHint(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("old.pth");
        java.nio.file.Files.write(f, new byte[] {(byte) 0x80, 2, 'N', '.'});
        IOException e = assertThrows(IOException.class, () -> TorchStateDict.read(f));
        assertTrue(e.getMessage().contains("old.pth") && e.getMessage().contains("re-save"), e.getMessage());
    }

    @Test
    void stateDictKeepsTorchvisionNamesAndDropsCounters() throws Exception {
        TorchStateDict.Contents c = TorchStateDict.read(fixture("tv_tiny_basic.pth"));
        assertEquals(ResNet.build(TV_BASIC).namedParameters().keySet(), c.tensors().keySet());
        assertTrue(c.top().isEmpty());
    }
}
