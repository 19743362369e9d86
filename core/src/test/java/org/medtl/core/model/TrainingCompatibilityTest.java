package org.medtl.core.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.medtl.core.runtime.DjlRuntime;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The classifier trains under DJL's Trainer: gradients reach trainable stages only, BN statistics follow Keras' momentum. */
class TrainingCompatibilityTest {

    @Test
    void oneStepUpdatesTrainableStagesAndLeavesFrozenOnesAlone() {
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("t", DjlRuntime.ENGINE)) {
                ResNet backbone = ResNet.build(ResNetTest.TINY_KERAS);
                Classifier c = Classifier.append(backbone, new HeadSpec("head", 3, 0.5f));
                c.initialize(m, 11);
                backbone.setStageTrainable("conv2", false);
                model.setBlock(c);
                DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
                try (Trainer trainer = model.newTrainer(cfg)) {
                    trainer.initialize(new Shape(4, 3, 32, 32));
                    NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
                    NDArray y = m.create(new float[] {0, 1, 2, 1});
                    float[] frozenBefore = backbone.namedParameters().get("conv2_block1_1_conv/kernel").getArray().toFloatArray();
                    float[] frozenMean = backbone.namedParameters().get("conv2_block1_1_bn/moving_mean").getArray().toFloatArray();
                    float[] trainBefore = backbone.namedParameters().get("conv3_block1_1_conv/kernel").getArray().toFloatArray();
                    float[] headBefore = c.headParameters().get("head/kernel").getArray().toFloatArray();
                    // expected stem statistics: Keras momentum 0.99, i.e. 1% of the batch mean over the initial 0
                    NDArray stem = Conv2d.conv2d(x, backbone.namedParameters().get("conv1_conv/kernel").getArray(),
                            backbone.namedParameters().get("conv1_conv/bias").getArray(), new Shape(2, 2), new Shape(3, 3),
                            new Shape(1, 1), 1).singletonOrThrow();
                    float[] batchMean = stem.mean(new int[] {3}).mean(new int[] {2}).mean(new int[] {0}).toFloatArray();
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList pred = trainer.forward(new NDList(x));
                        gc.backward(trainer.getLoss().evaluate(new NDList(y), pred));
                    }
                    trainer.step();
                    assertArrayEquals(frozenBefore, backbone.namedParameters().get("conv2_block1_1_conv/kernel").getArray().toFloatArray());
                    assertArrayEquals(frozenMean, backbone.namedParameters().get("conv2_block1_1_bn/moving_mean").getArray().toFloatArray());
                    assertFalse(java.util.Arrays.equals(trainBefore,
                            backbone.namedParameters().get("conv3_block1_1_conv/kernel").getArray().toFloatArray()));
                    assertFalse(java.util.Arrays.equals(headBefore, c.headParameters().get("head/kernel").getArray().toFloatArray()));
                    float[] stemMean = backbone.namedParameters().get("conv1_bn/moving_mean").getArray().toFloatArray();
                    for (int i = 0; i < batchMean.length; i++) {
                        assertEquals(0.01f * batchMean[i], stemMean[i], 1e-4f * Math.abs(batchMean[i]) + 1e-6f, "channel " + i);
                    }
                    assertEquals(List.of(4L, 3L), List.of(c.getOutputShapes(new Shape[] {new Shape(4, 3, 32, 32)})[0].get(0),
                            c.getOutputShapes(new Shape[] {new Shape(4, 3, 32, 32)})[0].get(1)));
                }
                return null;
            }
        });
    }
}
