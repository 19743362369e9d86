package org.medtl.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The networks a user can choose by key (settings, CLI {@code --arch}, {@code model.json}). */
public enum Architecture {
    KERAS_RESNET50("keras-resnet50", ResNetSpec.KERAS_RESNET50, "caffe"),
    TORCHVISION_RESNET50("torchvision-resnet50", ResNetSpec.TORCHVISION_RESNET50, "torchvision"),
    TORCHVISION_RESNET18("torchvision-resnet18", ResNetSpec.TORCHVISION_RESNET18, "torchvision"),
    TORCHVISION_RESNET18_NARROW("torchvision-resnet18-narrow", ResNetSpec.TORCHVISION_RESNET18_NARROW, "torchvision");

    /**
     * The smallest square input side the networks take: every ResNet here downsamples by 32, so a smaller image
     * leaves the last stage less than one position of real input (Keras' ResNet50 refuses inputs below 32 too).
     */
    public static final int MIN_INPUT_SIZE = 32;

    /** Key used for networks of a non-standard width or depth (tests, quick experiments). */
    public static final String CUSTOM_KEY = "custom";

    private final String key;
    private final ResNetSpec spec;
    private final String defaultPreprocessing;

    Architecture(String key, ResNetSpec spec, String defaultPreprocessing) {
        this.key = key;
        this.spec = spec;
        this.defaultPreprocessing = defaultPreprocessing;
    }

    public String key() {
        return key;
    }

    public ResNetSpec spec() {
        return spec;
    }

    /** Preprocessing the original weights were trained with (Keras ImageNet and RadImageNet: caffe). */
    public String defaultPreprocessing() {
        return defaultPreprocessing;
    }

    /** The five layers the study compares; see {@link ResNet#paperLayers()}. */
    public List<String> paperLayers() {
        return ResNet.paperLayers(spec.layout());
    }

    public static Architecture fromKey(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        for (Architecture a : values()) {
            if (a.key.equals(k)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Architecture '" + key + "' is not known; choose one of "
                + Arrays.stream(values()).map(Architecture::key).collect(Collectors.joining(", ")) + ".");
    }

    /** The architecture with exactly this spec, or {@code null} for a custom width/depth. */
    public static Architecture of(ResNetSpec spec) {
        for (Architecture a : values()) {
            if (a.spec.equals(spec)) {
                return a;
            }
        }
        return null;
    }

    /** {@link #key()} of the matching architecture, or {@link #CUSTOM_KEY}. */
    public static String keyOf(ResNetSpec spec) {
        Architecture a = of(spec);
        return a == null ? CUSTOM_KEY : a.key;
    }
}
