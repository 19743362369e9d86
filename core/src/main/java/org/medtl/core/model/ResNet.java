package org.medtl.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ResNet backbone without its top (Keras {@code include_top=False, pooling=None}; torchvision without
 * {@code avgpool}/{@code fc}) as one DJL block whose every layer is addressable by its original name.
 *
 * <p>Parameters carry the names of the original weight files so that loaders match them one to one:
 * Keras {@code conv2_block1_1_conv/kernel}, {@code conv2_block1_1_bn/moving_mean}; torchvision
 * {@code layer1.0.conv1.weight}, {@code layer1.0.bn1.running_var}. Kernels are stored OIHW (PyTorch's order).
 *
 * <p>The forward pass returns the last stage's feature map; {@link #forwardLayers} returns the outputs of
 * requested named layers and stops after the last one requested (conv1 extraction never runs conv5).
 */
public final class ResNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ResNetSpec spec;
    private final Conv stemConv;
    private final Norm stemNorm;
    private final List<Unit> units = new ArrayList<>();
    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final Map<String, String> stageOfParameter = new HashMap<>();
    private final Set<String> frozenStages = new LinkedHashSet<>();
    private final List<String> layerNames = new ArrayList<>();
    private final List<String> stageNames = new ArrayList<>();

    /** Name of the stem convolution's kernel (the network's first layer) in weight files of this layout. */
    static String stemKernelName(ResNetSpec.Layout layout) {
        return layout == ResNetSpec.Layout.KERAS ? "conv1_conv/kernel" : "conv1.weight";
    }

    private ResNet(ResNetSpec spec) {
        super(VERSION);
        this.spec = spec;
        boolean keras = spec.layout() == ResNetSpec.Layout.KERAS;
        String stem = "conv1";
        stageNames.add(stem);
        stemConv = conv(keras ? "conv1_conv" : "conv1", stem, spec.stemWidth(), 3, 7, 2, 3);
        stemNorm = norm(keras ? "conv1_bn" : "bn1", stem, spec.stemWidth());
        layerNames.add(keras ? "conv1_relu" : "relu");
        layerNames.add(keras ? "pool1_pool" : "maxpool");
        int in = spec.stemWidth();
        for (int s = 0; s < 4; s++) {
            String stage = keras ? "conv" + (s + 2) : "layer" + (s + 1);
            stageNames.add(stage);
            int width = spec.widths().get(s);
            int out = spec.outChannels(s);
            for (int b = 0; b < spec.blocks().get(s); b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                Unit u = keras ? kerasUnit(stage, b, in, width, out, stride) : torchUnit(stage, b, in, width, out, stride);
                units.add(u);
                layerNames.add(u.output);
                in = out;
            }
            if (!keras) {
                layerNames.add(stage);
            }
        }
        layerNames.add(keras ? "avg_pool" : "avgpool");
    }

    /** Builds the network with uninitialised parameters; call {@link #initialize(NDManager, long)} or load weights. */
    public static ResNet build(ResNetSpec spec) {
        return new ResNet(spec);
    }

    public static ResNet build(Architecture architecture) {
        return new ResNet(architecture.spec());
    }

    public ResNetSpec spec() {
        return spec;
    }

    /** The five post-ReLU stage outputs the study compares, in network order. */
    public List<String> paperLayers() {
        List<String> p = new ArrayList<>();
        p.add(layerNames.get(0));
        boolean keras = spec.layout() == ResNetSpec.Layout.KERAS;
        for (int s = 0; s < 4; s++) {
            p.add(keras ? "conv" + (s + 2) + "_block" + spec.blocks().get(s) + "_out" : "layer" + (s + 1));
        }
        return p;
    }

    static List<String> paperLayers(ResNetSpec.Layout layout) {
        ResNetSpec s = layout == ResNetSpec.Layout.KERAS ? ResNetSpec.KERAS_RESNET50 : ResNetSpec.TORCHVISION_RESNET50;
        return new ResNet(s).paperLayers();
    }

    /** Every addressable layer output in network order (stem, pool, each unit, stage aliases, global average pool). */
    public List<String> layerNames() {
        return Collections.unmodifiableList(layerNames);
    }

    /** Freeze units: {@code conv1} (stem) then {@code conv2..conv5} (Keras) or {@code layer1..layer4} (torchvision). */
    public List<String> stageNames() {
        return Collections.unmodifiableList(stageNames);
    }

    /** Parameters by their weight-file name, in network order (BatchNorm statistics included). */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    /** Stage that owns a parameter. */
    public String stageOf(String parameterName) {
        String s = stageOfParameter.get(parameterName);
        if (s == null) {
            throw new IllegalArgumentException("No parameter '" + parameterName + "' in this " + Architecture.keyOf(spec) + " network.");
        }
        return s;
    }

    /** Channels of the last stage (the feature vector length after global average pooling). */
    public int featureChannels() {
        return spec.featureChannels();
    }

    /**
     * Freezes or unfreezes a stage. A frozen stage gets no gradients and its BatchNorm layers run in
     * inference mode (moving statistics used and left unchanged), as Keras does for
     * {@code trainable=False} since TF 2.0; the study's "freeze" variant relies on this.
     */
    public void setStageTrainable(String stage, boolean trainable) {
        if (!stageNames.contains(stage)) {
            throw new IllegalArgumentException("Stage '" + stage + "' does not exist; stages are " + stageNames + ".");
        }
        if (trainable) {
            frozenStages.remove(stage);
        } else {
            frozenStages.add(stage);
        }
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            if (stageOfParameter.get(e.getKey()).equals(stage) && isLearned(e.getValue())) {
                e.getValue().freeze(!trainable);
            }
        }
    }

    /** Freezes or unfreezes every stage. */
    public void setTrainable(boolean trainable) {
        for (String s : stageNames) {
            setStageTrainable(s, trainable);
        }
    }

    public boolean isStageTrainable(String stage) {
        return !frozenStages.contains(stage);
    }

    /** Number of values; with statistics it counts BatchNorm moving mean/variance as Keras' {@code count_params} does. */
    public long parameterCount(boolean includeStatistics) {
        long n = 0;
        for (Parameter p : named.values()) {
            if (includeStatistics || isLearned(p)) {
                n += p.getShape().size();
            }
        }
        return n;
    }

    static boolean isLearned(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    /**
     * Seeded random initialisation as the original libraries do it: Keras layout He-normal (truncated,
     * fan-in), torchvision layout Kaiming-normal (fan-out); conv biases 0; BatchNorm gamma 1, beta 0,
     * moving mean 0, moving variance 1. Values are drawn in Java, so they do not depend on the device.
     */
    public void initialize(NDManager manager, long seed) {
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            Parameter p = e.getValue();
            if (p.isInitialized()) {
                throw new IllegalStateException("Parameter " + e.getKey() + " is already initialised.");
            }
            p.setInitializer(initializerFor(e.getKey(), p, seed));
            p.initialize(manager, DataType.FLOAT32);
        }
    }

    private SeededInitializer initializerFor(String name, Parameter p, long seed) {
        SeededInitializer.Kind kind = switch (p.getType()) {
            case WEIGHT -> spec.layout() == ResNetSpec.Layout.KERAS ? SeededInitializer.Kind.HE_NORMAL_TRUNCATED_FAN_IN
                    : SeededInitializer.Kind.HE_NORMAL_FAN_OUT;
            case GAMMA, RUNNING_VAR -> SeededInitializer.Kind.ONES;
            default -> SeededInitializer.Kind.ZEROS;
        };
        Shape s = p.getShape();
        long fanIn = s.dimension() > 1 ? s.size() / s.get(0) : 1;
        return new SeededInitializer(kind, seed, name, fanIn);
    }

    /** Output shape (N, C, h, w) of a named layer for an input of the given size; (N, C) for the global pool. */
    public Shape layerOutputShape(String layer, long batch, long height, long width) {
        checkLayer(layer);
        long h = (height + 6 - 7) / 2 + 1;
        long w = (width + 6 - 7) / 2 + 1;
        if (layer.equals(layerNames.get(0))) {
            return new Shape(batch, spec.stemWidth(), h, w);
        }
        h = (h + 2 - 3) / 2 + 1;
        w = (w + 2 - 3) / 2 + 1;
        if (layer.equals(layerNames.get(1))) {
            return new Shape(batch, spec.stemWidth(), h, w);
        }
        for (Unit u : units) {
            if (u.stride == 2) {
                h = (h - 1) / 2 + 1;
                w = (w - 1) / 2 + 1;
            }
            if (u.output.equals(layer) || (u.lastOfStage && u.stage.equals(layer))) {
                return new Shape(batch, u.outChannels, h, w);
            }
        }
        return new Shape(batch, spec.featureChannels());
    }

    /** One row per addressable layer: name, output shape (C, h, w) for the input size, parameters owned. */
    public List<LayerInfo> describeLayers(int height, int width) {
        List<LayerInfo> rows = new ArrayList<>();
        for (String layer : layerNames) {
            Shape s = layerOutputShape(layer, 1, height, width);
            long params = 0;
            if (layer.equals(layerNames.get(0))) {
                params = stemConv.count() + stemNorm.count();
            } else {
                for (Unit u : units) {
                    if (u.output.equals(layer)) {
                        params = u.count();
                    }
                }
            }
            rows.add(new LayerInfo(layer, s.slice(1), params));
        }
        return rows;
    }

    /** A layer's output shape without the batch axis and the parameter values it owns (statistics included). */
    public record LayerInfo(String name, Shape outputShape, long parameters) {
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Map<String, NDArray> out = forwardLayers(ps, inputs.singletonOrThrow(), List.of(lastStageOutput()), training);
        return new NDList(out.values().iterator().next());
    }

    /** Name of the last unit's output, the map the forward pass returns. */
    public String lastStageOutput() {
        return units.get(units.size() - 1).output;
    }

    /** The last stage's feature map (N, C, h, w). */
    public NDArray features(ParameterStore ps, NDArray input, boolean training) {
        return forwardLayers(ps, input, List.of(lastStageOutput()), training).get(lastStageOutput());
    }

    /**
     * Runs the network on an (N, 3, H, W) batch and returns the outputs of the requested layers in the
     * requested order; computation stops after the last requested layer.
     */
    public Map<String, NDArray> forwardLayers(ParameterStore ps, NDArray input, Collection<String> layers, boolean training) {
        Set<String> wanted = new LinkedHashSet<>(layers);
        for (String l : wanted) {
            checkLayer(l);
        }
        if (input.getShape().dimension() != 4 || input.getShape().get(1) != 3) {
            throw new IllegalArgumentException("The network expects images as (N, 3, H, W); got " + input.getShape() + ".");
        }
        Map<String, NDArray> found = new HashMap<>();
        boolean stemTraining = training && isStageTrainable("conv1");
        NDArray conv = stemConv.apply(ps, input, training);
        NDArray norm = stemNorm.apply(ps, conv, stemTraining);
        conv.close();
        NDArray x = Activation.relu(norm);
        norm.close();
        if (collect(found, wanted, layerNames.get(0), x)) {
            return ordered(found, wanted);
        }
        // Keras zero-pads before the pool, PyTorch pads with -inf; after a ReLU every window holds a value >= 0,
        // so both give the same maxima.
        x = release(x, Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false), found);
        if (collect(found, wanted, layerNames.get(1), x)) {
            return ordered(found, wanted);
        }
        for (Unit u : units) {
            x = release(x, u.apply(ps, x, training && isStageTrainable(u.stage)), found);
            boolean done = collect(found, wanted, u.output, x);
            if (u.lastOfStage) {
                done |= collect(found, wanted, u.stage, x);
            }
            if (done) {
                return ordered(found, wanted);
            }
        }
        collect(found, wanted, layerNames.get(layerNames.size() - 1), Pool.globalAvgPool2d(x));
        return ordered(found, wanted);
    }

    /**
     * Frees an intermediate map as soon as the next one exists, unless it was requested. Waiting for the
     * batch's NDManager would keep every map of the network alive at once (gigabytes at 224 px) and make
     * libtorch allocate fresh memory for each op; autograd keeps its own references, so training is unaffected.
     */
    private static NDArray release(NDArray previous, NDArray next, Map<String, NDArray> found) {
        if (!found.containsValue(previous)) {
            previous.close();
        }
        return next;
    }

    private static boolean collect(Map<String, NDArray> found, Set<String> wanted, String name, NDArray x) {
        if (wanted.contains(name)) {
            found.put(name, x);
        }
        return found.size() == wanted.size();
    }

    private static Map<String, NDArray> ordered(Map<String, NDArray> found, Set<String> wanted) {
        Map<String, NDArray> o = new LinkedHashMap<>();
        for (String w : wanted) {
            o.put(w, found.get(w));
        }
        return o;
    }

    private void checkLayer(String layer) {
        if (!layerNames.contains(layer)) {
            throw new IllegalArgumentException("Layer '" + layer + "' does not exist in " + Architecture.keyOf(spec)
                    + "; layers are " + String.join(", ", layerNames) + ".");
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {layerOutputShape(lastStageOutput(), in.get(0), in.get(2), in.get(3))};
    }

    @Override
    public String toString() {
        return "ResNet(" + Architecture.keyOf(spec) + ", " + spec + ")";
    }

    // ---- construction ----

    private Unit kerasUnit(String stage, int b, int in, int width, int out, int stride) {
        String p = stage + "_block" + (b + 1);
        Unit u = new Unit(p + "_out", stage, out, stride);
        if (b == 0) {
            u.shortcutConv = conv(p + "_0_conv", stage, out, in, 1, stride, 0);
            u.shortcutNorm = norm(p + "_0_bn", stage, out);
        }
        u.convs.add(conv(p + "_1_conv", stage, width, in, 1, stride, 0));
        u.norms.add(norm(p + "_1_bn", stage, width));
        u.convs.add(conv(p + "_2_conv", stage, width, width, 3, 1, 1));
        u.norms.add(norm(p + "_2_bn", stage, width));
        u.convs.add(conv(p + "_3_conv", stage, out, width, 1, 1, 0));
        u.norms.add(norm(p + "_3_bn", stage, out));
        u.lastOfStage = b == spec.blocks().get(stageIndex(stage)) - 1;
        return u;
    }

    private Unit torchUnit(String stage, int b, int in, int width, int out, int stride) {
        String p = stage + "." + b;
        Unit u = new Unit(p, stage, out, stride);
        if (spec.bottleneck()) {
            u.convs.add(conv(p + ".conv1", stage, width, in, 1, 1, 0));
            u.norms.add(norm(p + ".bn1", stage, width));
            u.convs.add(conv(p + ".conv2", stage, width, width, 3, stride, 1));
            u.norms.add(norm(p + ".bn2", stage, width));
            u.convs.add(conv(p + ".conv3", stage, out, width, 1, 1, 0));
            u.norms.add(norm(p + ".bn3", stage, out));
        } else {
            u.convs.add(conv(p + ".conv1", stage, width, in, 3, stride, 1));
            u.norms.add(norm(p + ".bn1", stage, width));
            u.convs.add(conv(p + ".conv2", stage, width, width, 3, 1, 1));
            u.norms.add(norm(p + ".bn2", stage, width));
        }
        if (stride != 1 || in != out) {
            u.shortcutConv = conv(p + ".downsample.0", stage, out, in, 1, stride, 0);
            u.shortcutNorm = norm(p + ".downsample.1", stage, out);
        }
        u.lastOfStage = b == spec.blocks().get(stageIndex(stage)) - 1;
        return u;
    }

    private int stageIndex(String stage) {
        return stageNames.indexOf(stage) - 1;
    }

    private Conv conv(String layer, String stage, int out, int in, int k, int stride, int pad) {
        boolean keras = spec.layout() == ResNetSpec.Layout.KERAS;
        Parameter w = param(layer + (keras ? "/kernel" : ".weight"), stage, Parameter.Type.WEIGHT, new Shape(out, in, k, k), true);
        Parameter b = keras ? param(layer + "/bias", stage, Parameter.Type.BIAS, new Shape(out), true) : null;
        return new Conv(w, b, stride, pad);
    }

    private Norm norm(String layer, String stage, int channels) {
        boolean keras = spec.layout() == ResNetSpec.Layout.KERAS;
        Shape s = new Shape(channels);
        return new Norm(
                param(layer + (keras ? "/gamma" : ".weight"), stage, Parameter.Type.GAMMA, s, true),
                param(layer + (keras ? "/beta" : ".bias"), stage, Parameter.Type.BETA, s, true),
                param(layer + (keras ? "/moving_mean" : ".running_mean"), stage, Parameter.Type.RUNNING_MEAN, s, false),
                param(layer + (keras ? "/moving_variance" : ".running_var"), stage, Parameter.Type.RUNNING_VAR, s, false),
                spec.batchNormEpsilon(), spec.batchNormMomentum());
    }

    private Parameter param(String name, String stage, Parameter.Type type, Shape shape, boolean learned) {
        Parameter p = addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).optRequiresGrad(learned).build());
        named.put(name, p);
        stageOfParameter.put(name, stage);
        return p;
    }

    private static final class Conv {
        final Parameter weight;
        final Parameter bias;
        final Shape stride;
        final Shape pad;

        Conv(Parameter weight, Parameter bias, int stride, int pad) {
            this.weight = weight;
            this.bias = bias;
            this.stride = new Shape(stride, stride);
            this.pad = new Shape(pad, pad);
        }

        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            NDArray w = ps.getValue(weight, x.getDevice(), training);
            NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
            return Conv2d.conv2d(x, w, b, stride, pad, new Shape(1, 1), 1).singletonOrThrow();
        }

        long count() {
            return weight.getShape().size() + (bias == null ? 0 : bias.getShape().size());
        }
    }

    private static final class Norm {
        final Parameter gamma;
        final Parameter beta;
        final Parameter mean;
        final Parameter var;
        final float eps;
        final float momentum;

        Norm(Parameter gamma, Parameter beta, Parameter mean, Parameter var, float eps, float momentum) {
            this.gamma = gamma;
            this.beta = beta;
            this.mean = mean;
            this.var = var;
            this.eps = eps;
            this.momentum = momentum;
        }

        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            var d = x.getDevice();
            return BatchNorm.batchNorm(x, ps.getValue(mean, d, training), ps.getValue(var, d, training),
                    ps.getValue(gamma, d, training), ps.getValue(beta, d, training), 1, momentum, eps, training)
                    .singletonOrThrow();
        }

        long count() {
            return 4 * gamma.getShape().size();
        }
    }

    private static final class Unit {
        final String output;
        final String stage;
        final int outChannels;
        final int stride;
        final List<Conv> convs = new ArrayList<>();
        final List<Norm> norms = new ArrayList<>();
        Conv shortcutConv;
        Norm shortcutNorm;
        boolean lastOfStage;

        Unit(String output, String stage, int outChannels, int stride) {
            this.output = output;
            this.stage = stage;
            this.outChannels = outChannels;
            this.stride = stride;
        }

        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            NDArray y = x;
            for (int i = 0; i < convs.size(); i++) {
                NDArray c = convs.get(i).apply(ps, y, training);
                if (y != x) {
                    y.close();
                }
                y = norms.get(i).apply(ps, c, training);
                c.close();
                if (i < convs.size() - 1) {
                    NDArray r = Activation.relu(y);
                    y.close();
                    y = r;
                }
            }
            NDArray shortcut = x;
            if (shortcutConv != null) {
                NDArray c = shortcutConv.apply(ps, x, training);
                shortcut = shortcutNorm.apply(ps, c, training);
                c.close();
            }
            NDArray sum = y.add(shortcut);
            y.close();
            if (shortcut != x) {
                shortcut.close();
            }
            NDArray out = Activation.relu(sum);
            sum.close();
            return out;
        }

        long count() {
            long n = 0;
            for (Conv c : convs) {
                n += c.count();
            }
            for (Norm m : norms) {
                n += m.count();
            }
            if (shortcutConv != null) {
                n += shortcutConv.count() + shortcutNorm.count();
            }
            return n;
        }
    }
}
