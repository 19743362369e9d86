package org.medtl.core.model;

/**
 * The classification head appended to a backbone: global average pool, dropout, dense layer (logits;
 * the softmax belongs to the loss and to prediction).
 *
 * @param name    layer name in the weights ({@code head} for fine-tuned models, {@code fc} for torchvision's ImageNet top)
 * @param classes number of outputs
 * @param dropout dropout rate before the dense layer during training (the study: 0.5)
 */
public record HeadSpec(String name, int classes, float dropout) {

    /** Name used for heads that MedTL trains. */
    public static final String DEFAULT_NAME = "head";

    public HeadSpec {
        if (name == null || name.isBlank() || name.contains("/") || name.contains(".")) {
            throw new IllegalArgumentException("Head name '" + name + "' must be a plain non-empty name without '/' or '.'.");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("A head needs at least one class, got " + classes + ".");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("Dropout must lie in [0, 1), got " + dropout + ".");
        }
    }

    /** The study's head: GAP -> Dropout(0.5) -> Dense(C). */
    public static HeadSpec study(int classes) {
        return new HeadSpec(DEFAULT_NAME, classes, 0.5f);
    }
}
