package org.medtl.core.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A backbone with a classification head: global average pool -> dropout -> dense, returning logits
 * (N, classes). Training and activation extraction load fine-tuned models through this one class, so
 * both see the same network. The head's parameters are named after the backbone's layout: Keras
 * {@code head/kernel} and {@code head/bias}, torchvision {@code head.weight} and {@code head.bias}
 * (torchvision's own top is {@code fc.weight}, {@code fc.bias}). The dense weight is stored (classes, features).
 */
public final class Classifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ResNet backbone;
    private final HeadSpec head;
    private final Parameter weight;
    private final Parameter bias;
    private final Map<String, Parameter> headParameters = new LinkedHashMap<>();

    private Classifier(ResNet backbone, HeadSpec head) {
        super(VERSION);
        this.backbone = addChildBlock("backbone", backbone);
        this.head = head;
        boolean keras = backbone.spec().layout() == ResNetSpec.Layout.KERAS;
        String w = head.name() + (keras ? "/kernel" : ".weight");
        String b = head.name() + (keras ? "/bias" : ".bias");
        if (backbone.namedParameters().containsKey(w)) {
            throw new IllegalArgumentException("Head name '" + head.name() + "' clashes with a backbone layer.");
        }
        weight = addParameter(Parameter.builder().setName(w).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(head.classes(), backbone.featureChannels())).build());
        bias = addParameter(Parameter.builder().setName(b).setType(Parameter.Type.BIAS)
                .optShape(new Shape(head.classes())).build());
        headParameters.put(w, weight);
        headParameters.put(b, bias);
    }

    /** Names of a head's parameters in weight files of a network of {@code layout}. */
    static List<String> headParameterNames(HeadSpec head, ResNetSpec.Layout layout) {
        boolean keras = layout == ResNetSpec.Layout.KERAS;
        return List.of(head.name() + (keras ? "/kernel" : ".weight"), head.name() + (keras ? "/bias" : ".bias"));
    }

    /**
     * Appends a head to a backbone (initialised or loaded or not). Initialise the head with
     * {@link #initializeHead(NDManager, long)}, or everything with {@link #initialize(NDManager, long)}.
     */
    public static Classifier append(ResNet backbone, HeadSpec head) {
        return new Classifier(backbone, head);
    }

    public ResNet backbone() {
        return backbone;
    }

    public HeadSpec head() {
        return head;
    }

    /** Backbone parameters followed by the head's, by weight-file name. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>(backbone.namedParameters());
        all.putAll(headParameters);
        return Collections.unmodifiableMap(all);
    }

    public Map<String, Parameter> headParameters() {
        return Collections.unmodifiableMap(headParameters);
    }

    /** Seeded initialisation of backbone and head. */
    public void initialize(NDManager manager, long seed) {
        backbone.initialize(manager, seed);
        initializeHead(manager, seed);
    }

    /**
     * Seeded head initialisation as the layout's library does it: Keras {@code Dense} (Glorot-uniform
     * kernel, zero bias), PyTorch {@code nn.Linear} (uniform +-1/sqrt(features) for both).
     */
    public void initializeHead(NDManager manager, long seed) {
        boolean keras = backbone.spec().layout() == ResNetSpec.Layout.KERAS;
        long features = backbone.featureChannels();
        SeededInitializer.Kind wKind = keras ? SeededInitializer.Kind.GLOROT_UNIFORM : SeededInitializer.Kind.TORCH_LINEAR;
        SeededInitializer.Kind bKind = keras ? SeededInitializer.Kind.ZEROS : SeededInitializer.Kind.TORCH_LINEAR;
        weight.setInitializer(new SeededInitializer(wKind, seed, weight.getName(), features));
        bias.setInitializer(new SeededInitializer(bKind, seed, bias.getName(), features));
        weight.initialize(manager, DataType.FLOAT32);
        bias.initialize(manager, DataType.FLOAT32);
    }

    /** Parameter count of backbone and head (see {@link ResNet#parameterCount(boolean)}). */
    public long parameterCount(boolean includeStatistics) {
        return backbone.parameterCount(includeStatistics) + weight.getShape().size() + bias.getShape().size();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = Pool.globalAvgPool2d(backbone.features(ps, inputs.singletonOrThrow(), training));
        if (training && head.dropout() > 0) {
            features = Dropout.dropout(features, head.dropout(), true).singletonOrThrow();
        }
        NDArray w = ps.getValue(weight, features.getDevice(), training);
        NDArray b = ps.getValue(bias, features.getDevice(), training);
        return Linear.linear(features, w, b);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), head.classes())};
    }

    @Override
    public String toString() {
        return "Classifier(" + backbone + ", " + head + ")";
    }
}
