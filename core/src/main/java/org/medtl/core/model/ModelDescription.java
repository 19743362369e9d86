package org.medtl.core.model;

import java.util.List;

/**
 * Everything {@code model.json} says about a model folder besides the weights.
 *
 * @param architecture  {@link Architecture#key()} or {@link Architecture#CUSTOM_KEY}
 * @param spec          the exact layout, widths and depths (so custom test networks reload too)
 * @param preprocessing preprocessing preset key ({@code caffe}, {@code caffe255}, {@code torchvision})
 * @param inputSize     square input side in pixels the model was prepared or trained for; 0 = native image size
 * @param head          the classification head, or {@code null} for a backbone
 * @param classes       class names in logit order (empty for a backbone)
 * @param provenance    where the weights came from
 */
public record ModelDescription(String architecture, ResNetSpec spec, String preprocessing, int inputSize,
                               HeadSpec head, List<String> classes, Provenance provenance) {

    public ModelDescription {
        classes = List.copyOf(classes == null ? List.of() : classes);
        if (head != null && !classes.isEmpty() && classes.size() != head.classes()) {
            throw new IllegalArgumentException("The head has " + head.classes() + " outputs but " + classes.size()
                    + " class names were given.");
        }
        if (inputSize < 0) {
            throw new IllegalArgumentException("Input size must be 0 (native) or positive, got " + inputSize + ".");
        }
    }

    /** A copy with another head, class list and provenance (what fine-tuning writes). */
    public ModelDescription withHead(HeadSpec newHead, List<String> newClasses, Provenance newProvenance) {
        return new ModelDescription(architecture, spec, preprocessing, inputSize, newHead, newClasses, newProvenance);
    }
}
