package org.medtl.core.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import org.medtl.core.runtime.DjlRuntime;

import java.util.List;

/** A two-stage conv net with BatchNorm and the study's head, small enough for second-long tests. */
final class TinyNetworks {

    private TinyNetworks() {
    }

    static StagedBlocks build(NDManager manager, int classes, int size, int seed) {
        Engine.getEngine(DjlRuntime.ENGINE).setRandomSeed(seed);
        Block stem = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        Block body = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))
                        .setFilters(16).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        Block head = new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(classes).build());
        Shape shape = new Shape(2, 3, size, size);
        for (Block b : List.of(stem, body, head)) {
            b.initialize(manager, DataType.FLOAT32, shape);
            shape = b.getOutputShapes(new Shape[] {shape})[0];
        }
        return new StagedBlocks(List.of("stem", "body", Network.HEAD), List.of(stem, body, head));
    }
}
