package org.medtl.core.study;

/** What travels along a connection when a workflow runs headless. */
public enum PortKind {
    /** A KNIME data table, written as CSV with a header row. */
    TABLE,
    /** A backbone or fine-tuned model: a model folder ({@code model.json} + weights), see docs/model.md. */
    MODEL,
    /** An activation set folder: {@code <layer>.npy} files plus {@code activations.json}. */
    ACTIVATIONS,
    /** An image (KNIME image port), written as PNG. */
    IMAGE
}
