package org.medtl.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.runtime.DjlRuntime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResNetTest {

    static final ResNetSpec TINY_KERAS = new ResNetSpec(ResNetSpec.Layout.KERAS, true, List.of(1, 2, 1, 1), List.of(4, 4, 8, 8), 8);

    @Test
    void kerasResNet50HasKerasParameterCountIncludingMovingStatistics() {
        // keras.applications.ResNet50(include_top=False).count_params()
        ResNet net = ResNet.build(Architecture.KERAS_RESNET50);
        assertEquals(23_587_712L, net.parameterCount(true));
        assertEquals(53 * 2 + 53 * 4, net.namedParameters().size()); // 53 convs (kernel, bias), 53 BNs
    }

    @Test
    void torchvisionResNet50WithImageNetTopHasTorchvisionParameterCount() {
        // sum(p.numel() for p in torchvision.models.resnet50().parameters()): buffers not counted
        Classifier c = Classifier.append(ResNet.build(Architecture.TORCHVISION_RESNET50), new HeadSpec("fc", 1000, 0f));
        assertEquals(25_557_032L, c.parameterCount(false));
        Classifier r18 = Classifier.append(ResNet.build(Architecture.TORCHVISION_RESNET18), new HeadSpec("fc", 1000, 0f));
        assertEquals(11_689_512L, r18.parameterCount(false));
    }

    @Test
    void narrowResNet18IsAQuarterWidthResNet18WithTheSameLayerNames(@TempDir Path tmp) throws Exception {
        // torchvision's resnet18 counted with stem and stage widths 16/32/64/128 instead of 64/128/256/512
        Classifier narrow = Classifier.append(ResNet.build(Architecture.TORCHVISION_RESNET18_NARROW), new HeadSpec("fc", 1000, 0f));
        assertEquals(831_096L, narrow.parameterCount(false));
        ResNet n = ResNet.build(Architecture.TORCHVISION_RESNET18_NARROW);
        assertEquals(ResNet.build(Architecture.TORCHVISION_RESNET18).layerNames(), n.layerNames());
        assertEquals(List.of("relu", "layer1", "layer2", "layer3", "layer4"), n.paperLayers());
        assertEquals(new Shape(1, 16, 20, 20), n.layerOutputShape("relu", 1, 40, 40));
        assertEquals(new Shape(1, 128, 2, 2), n.layerOutputShape("layer4", 1, 40, 40));
        // A random backbone of it is saved and found again under its own key, not as a custom network.
        ModelDescription saved = Backbones.save(BackboneSettings.random(Architecture.TORCHVISION_RESNET18_NARROW, 3), tmp);
        assertEquals("torchvision-resnet18-narrow", saved.architecture());
        assertEquals("torchvision-resnet18-narrow", ModelFolder.readDescription(tmp).architecture());
        assertEquals(ResNetSpec.TORCHVISION_RESNET18_NARROW, ModelFolder.readDescription(tmp).spec());
        assertEquals(Architecture.TORCHVISION_RESNET18_NARROW, Architecture.fromKey("torchvision-resnet18-narrow"));
    }

    @Test
    void namesFollowTheOriginalLibraries() {
        ResNet k = ResNet.build(Architecture.KERAS_RESNET50);
        assertEquals(List.of("conv1_relu", "conv2_block3_out", "conv3_block4_out", "conv4_block6_out", "conv5_block3_out"), k.paperLayers());
        assertTrue(k.namedParameters().containsKey("conv3_block1_0_conv/kernel"));
        assertTrue(k.namedParameters().containsKey("conv5_block3_3_bn/moving_variance"));
        assertEquals(List.of("conv1", "conv2", "conv3", "conv4", "conv5"), k.stageNames());
        ResNet t = ResNet.build(Architecture.TORCHVISION_RESNET50);
        assertEquals(List.of("relu", "layer1", "layer2", "layer3", "layer4"), t.paperLayers());
        assertTrue(t.namedParameters().containsKey("layer2.0.downsample.0.weight"));
        assertFalse(t.namedParameters().containsKey("layer1.0.conv1.bias"));
        assertEquals(new Shape(1, 2048, 7, 7), t.layerOutputShape("layer4", 1, 224, 224));
        assertEquals(new Shape(1, 64, 112, 112), k.layerOutputShape("conv1_relu", 1, 224, 224));
        assertEquals(new Shape(1, 1024, 14, 14), k.layerOutputShape("conv4_block6_out", 1, 224, 224));
        assertFalse(ResNet.build(Architecture.TORCHVISION_RESNET18).namedParameters().containsKey("layer1.0.downsample.0.weight"));
    }

    @Test
    void namedOutputsHaveThePredictedShapesAndSeedsAreReproducible(@TempDir Path tmp) throws Exception {
        DjlRuntime.run(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                ResNet a = ResNet.build(TINY_KERAS);
                a.initialize(m, 7);
                ResNet b = ResNet.build(TINY_KERAS);
                b.initialize(m, 7);
                ResNet c = ResNet.build(TINY_KERAS);
                c.initialize(m, 8);
                NDArray x = m.randomNormal(new Shape(2, 3, 37, 41));
                ParameterStore ps = new ParameterStore(m, false);
                Map<String, NDArray> outA = a.forwardLayers(ps, x, a.paperLayers(), false);
                for (String layer : a.paperLayers()) {
                    assertEquals(a.layerOutputShape(layer, 2, 37, 41), outA.get(layer).getShape(), layer);
                }
                NDArray last = outA.get("conv5_block1_out");
                assertArrayEquals(last.toFloatArray(), b.features(ps, x, false).toFloatArray());
                assertNotEquals(last.sum().getFloat(), c.features(ps, x, false).sum().getFloat());
                assertEquals(new Shape(2, 32), a.forwardLayers(ps, x, List.of("avg_pool"), false).get("avg_pool").getShape());
            }
        });
    }

    @Test
    void freezingAStageStopsGradientsThere() {
        DjlRuntime.run(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                ResNet net = ResNet.build(TINY_KERAS);
                net.initialize(m, 1);
                net.setStageTrainable("conv2", false);
                for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                    boolean learned = ResNet.isLearned(e.getValue());
                    boolean expected = learned && !net.stageOf(e.getKey()).equals("conv2");
                    assertEquals(expected, e.getValue().requiresGradient(), e.getKey());
                }
                net.setTrainable(true);
                assertTrue(net.namedParameters().get("conv2_block1_1_conv/kernel").requiresGradient());
                assertThrows(IllegalArgumentException.class, () -> net.setStageTrainable("layer1", false));
            }
        });
    }

    @Test
    void modelFolderRoundTripsWeightsAndDescription(@TempDir Path tmp) throws Exception {
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Classifier c = Classifier.append(ResNet.build(TINY_KERAS), HeadSpec.study(3));
                c.initialize(m, 5);
                ModelDescription d = new ModelDescription(Architecture.keyOf(TINY_KERAS), TINY_KERAS, "caffe", 64,
                        c.head(), List.of("a", "b", "c"),
                        new Provenance("random", null, null, 5L, Map.of("k", "v"), Map.of("djl", "0.36.0"), "2026-01-01T00:00:00Z"));
                Path folder = tmp.resolve("model");
                ModelFolder.save(folder, d, c);
                ModelFolder.Loaded back = ModelFolder.load(folder, m);
                assertEquals(d, back.description());
                NDArray x = m.randomNormal(new Shape(1, 3, 32, 32));
                ParameterStore ps = new ParameterStore(m, false);
                assertArrayEquals(c.forward(ps, new ai.djl.ndarray.NDList(x), false).singletonOrThrow().toFloatArray(),
                        back.classifier().forward(ps, new ai.djl.ndarray.NDList(x), false).singletonOrThrow().toFloatArray());
                assertThrows(java.io.IOException.class, () -> ModelFolder.save(folder, d, c));
                return null;
            }
        });
    }

    @Test
    void loadingIntoAnotherArchitectureNamesTheLayerAndBothShapes(@TempDir Path tmp) throws Exception {
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                ResNet net = ResNet.build(TINY_KERAS);
                net.initialize(m, 5);
                Map<String, HostTensor> t = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                    t.put(e.getKey(), new HostTensor(e.getValue().getShape().getShape(), e.getValue().getArray().toFloatArray()));
                }
                t.put("conv1_conv/bias", new HostTensor(new long[] {9}, new float[9]));
                ResNet other = ResNet.build(TINY_KERAS);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> WeightAssignment.assign(other.namedParameters(), t, m, "w.h5"));
                assertTrue(e.getMessage().contains("conv1_conv/bias") && e.getMessage().contains("[9]")
                        && e.getMessage().contains("(8)"), e.getMessage());
                t.remove("conv1_conv/bias");
                e = assertThrows(IllegalArgumentException.class, () -> WeightAssignment.assign(other.namedParameters(), t, m, "w.h5"));
                assertTrue(e.getMessage().contains("missing (first: conv1_conv/bias"), e.getMessage());
                return null;
            }
        });
    }
}
