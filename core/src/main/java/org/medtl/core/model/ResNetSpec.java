package org.medtl.core.model;

import java.util.List;
import java.util.Objects;

/**
 * Shape of a ResNet: which layout (Keras v1 or torchvision v1.5), which residual unit, how many units
 * per stage and how wide each stage is. The study's networks are the three constants; tests use small
 * widths and depths of the same layouts so that reference activations stay tiny.
 *
 * @param layout     Keras ResNet v1 or torchvision ResNet v1.5 (they are different networks)
 * @param bottleneck bottleneck units (1x1, 3x3, 1x1 with 4x expansion) or basic units (3x3, 3x3)
 * @param blocks     residual units per stage, stages 2..5 (Keras {@code conv2..conv5}, torchvision {@code layer1..4})
 * @param widths     filters of each stage's units before expansion
 * @param stemWidth  filters of the 7x7 stem convolution
 */
public record ResNetSpec(Layout layout, boolean bottleneck, List<Integer> blocks, List<Integer> widths, int stemWidth) {

    /** The two weight layouts MedTL reproduces exactly. */
    public enum Layout {
        /**
         * Keras {@code ResNet50} (v1): stride on the first 1x1 conv of a downsampling unit and on its
         * shortcut, a bias on every conv, BatchNorm eps 1.001e-5 and momentum 0.99.
         */
        KERAS,
        /** torchvision {@code resnet*} (v1.5): stride on the 3x3 conv, no conv bias, BatchNorm eps 1e-5, momentum 0.1. */
        TORCHVISION
    }

    public static final ResNetSpec KERAS_RESNET50 = new ResNetSpec(Layout.KERAS, true, List.of(3, 4, 6, 3),
            List.of(64, 128, 256, 512), 64);
    public static final ResNetSpec TORCHVISION_RESNET50 = new ResNetSpec(Layout.TORCHVISION, true, List.of(3, 4, 6, 3),
            List.of(64, 128, 256, 512), 64);
    public static final ResNetSpec TORCHVISION_RESNET18 = new ResNetSpec(Layout.TORCHVISION, false, List.of(2, 2, 2, 2),
            List.of(64, 128, 256, 512), 64);
    /**
     * torchvision's ResNet-18 layout at a quarter of its width (stem and stages 16/32/64/128): about 16 times fewer
     * parameters and multiply-adds, for studies that must run in minutes on a CPU (the quick study). No published
     * weights exist for it: it is initialised randomly and pretrained by the user.
     */
    public static final ResNetSpec TORCHVISION_RESNET18_NARROW = new ResNetSpec(Layout.TORCHVISION, false, List.of(2, 2, 2, 2),
            List.of(16, 32, 64, 128), 16);

    public ResNetSpec {
        Objects.requireNonNull(layout, "layout");
        blocks = List.copyOf(blocks);
        widths = List.copyOf(widths);
        if (blocks.size() != 4 || widths.size() != 4) {
            throw new IllegalArgumentException("A ResNet has 4 residual stages; got blocks " + blocks + " and widths " + widths + ".");
        }
        for (int i = 0; i < 4; i++) {
            if (blocks.get(i) < 1 || widths.get(i) < 1) {
                throw new IllegalArgumentException("Stage " + (i + 2) + " needs at least one unit and one filter; got blocks "
                        + blocks + ", widths " + widths + ".");
            }
        }
        if (stemWidth < 1) {
            throw new IllegalArgumentException("stemWidth must be positive, got " + stemWidth + ".");
        }
        if (!bottleneck && layout == Layout.KERAS) {
            throw new IllegalArgumentException("Keras ResNet50 v1 has bottleneck units only.");
        }
    }

    /** Channels out of the unit's last conv: 4x the stage width for bottleneck units. */
    public int outChannels(int stage) {
        return widths.get(stage) * (bottleneck ? 4 : 1);
    }

    /** Channels of the last stage, i.e. the feature vector length after global average pooling. */
    public int featureChannels() {
        return outChannels(3);
    }

    /** BatchNorm epsilon of the layout: Keras' 1.001e-5 keeps cuDNN's 1e-5 lower bound strict. */
    public float batchNormEpsilon() {
        return layout == Layout.KERAS ? 1.001e-5f : 1e-5f;
    }

    /**
     * Running-average momentum in DJL's convention (weight of the old value): Keras momentum 0.99
     * equals PyTorch momentum 0.01; torchvision's PyTorch 0.1 is DJL 0.9.
     */
    public float batchNormMomentum() {
        return layout == Layout.KERAS ? 0.99f : 0.9f;
    }
}
