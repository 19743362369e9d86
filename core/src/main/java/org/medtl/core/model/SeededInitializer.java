package org.medtl.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded initial values drawn in Java, so that the same seed gives the same network on every machine
 * and device (engine RNGs differ between CPU and CUDA). Each parameter draws from its own stream
 * derived from the seed and the parameter's name, so adding a head never changes the backbone's values.
 */
final class SeededInitializer implements Initializer {

    enum Kind {
        /** Keras {@code he_normal}: truncated normal (2 sd), sd = sqrt(2 / fan_in) / 0.8796. */
        HE_NORMAL_TRUNCATED_FAN_IN,
        /** torchvision's {@code kaiming_normal_(mode='fan_out', nonlinearity='relu')} for convolutions. */
        HE_NORMAL_FAN_OUT,
        /** Keras {@code glorot_uniform}, the default of {@code Dense}. */
        GLOROT_UNIFORM,
        /** PyTorch's default {@code nn.Linear} init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias. */
        TORCH_LINEAR,
        ZEROS,
        ONES
    }

    /** Keras' correction: the sd of a standard normal truncated at +-2 is 0.87962566103423978. */
    private static final double TRUNCATED_SD = 0.87962566103423978;

    private final Kind kind;
    private final long seed;
    private final String name;
    private final long fanIn;

    SeededInitializer(Kind kind, long seed, String name, long fanIn) {
        this.kind = kind;
        this.seed = seed;
        this.name = name;
        this.fanIn = fanIn;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        return manager.create(values(shape), shape);
    }

    float[] values(Shape shape) {
        int n = Math.toIntExact(shape.size());
        float[] v = new float[n];
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        long fanOut = shape.dimension() > 1 ? shape.size() / shape.get(1) : shape.size();
        switch (kind) {
            case ZEROS -> {
            }
            case ONES -> Arrays.fill(v, 1f);
            case HE_NORMAL_TRUNCATED_FAN_IN -> {
                double sd = Math.sqrt(2.0 / fanIn) / TRUNCATED_SD;
                for (int i = 0; i < n; i++) {
                    double g;
                    do {
                        g = random.nextGaussian();
                    } while (Math.abs(g) > 2);
                    v[i] = (float) (g * sd);
                }
            }
            case HE_NORMAL_FAN_OUT -> {
                double sd = Math.sqrt(2.0 / fanOut);
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (random.nextGaussian() * sd);
                }
            }
            case GLOROT_UNIFORM -> {
                double limit = Math.sqrt(6.0 / (fanIn + shape.get(0)));
                for (int i = 0; i < n; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
                }
            }
            case TORCH_LINEAR -> {
                double limit = 1.0 / Math.sqrt(fanIn);
                for (int i = 0; i < n; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return v;
    }
}
