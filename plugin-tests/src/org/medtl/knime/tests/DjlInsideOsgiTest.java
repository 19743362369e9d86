package org.medtl.knime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.Test;
import org.medtl.core.runtime.DeviceChoice;
import org.medtl.core.runtime.DjlRuntime;

/**
 * DJL's PyTorch engine starts offline inside Equinox through {@link DjlRuntime}'s context-class-loader
 * guard, even when the calling thread's context loader cannot see DJL (as on KNIME's pool threads), and
 * runs a small residual network forward.
 */
class DjlInsideOsgiTest {

    @Test
    void engineStartsOfflineFromAForeignContextClassLoader() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // A loader that sees nothing of ours, standing in for a KNIME executor thread's loader.
        try (URLClassLoader foreign = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(foreign);
            Engine engine = DjlRuntime.engine();
            assertEquals("PyTorch", engine.getEngineName());
            assertEquals("true", System.getProperty("ai.djl.offline"));
            assertTrue(engine.getVersion().startsWith("2.7.1"), engine.getVersion());
            assertEquals(foreign, thread.getContextClassLoader(), "the guard must restore the caller's loader");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void smallResidualNetworkRunsForwardInsideOsgi() {
        DeviceChoice device = DjlRuntime.selectDevices("auto");
        float[] logits = DjlRuntime.call(() -> {
            try (NDManager manager = NDManager.newBaseManager(device.primary())) {
                Block net = tinyResNet();
                net.setInitializer(new NormalInitializer(0.05f), ai.djl.nn.Parameter.Type.WEIGHT);
                Engine.getEngine(DjlRuntime.ENGINE).setRandomSeed(7);
                Shape input = new Shape(2, 3, 32, 32);
                net.initialize(manager, DataType.FLOAT32, input);
                NDArray x = manager.randomUniform(0f, 1f, input);
                NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
                assertArrayEquals(new long[] {2, 3}, out.singletonOrThrow().getShape().getShape());
                return out.singletonOrThrow().toFloatArray();
            }
        });
        for (float v : logits) {
            assertTrue(Float.isFinite(v), "non-finite logit " + v);
        }
    }

    /** conv-BN-ReLU stem, one identity residual block, one strided residual block, pooled linear head. */
    private static Block tinyResNet() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(residual(8, 1))
                .add(residual(16, 2))
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(3).build());
    }

    private static Block residual(int filters, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                        .optPadding(new Shape(1, 1)).setFilters(filters).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build())
                .add(BatchNorm.builder().build());
        Block shortcut = stride == 1 ? Blocks.identityBlock()
                : new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
                                .setFilters(filters).build())
                        .add(BatchNorm.builder().build());
        return new SequentialBlock()
                .add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                        java.util.List.of(main, shortcut)))
                .add(Activation::relu);
    }
}
