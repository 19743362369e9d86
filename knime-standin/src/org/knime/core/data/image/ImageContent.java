package org.knime.core.data.image;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public interface ImageContent {
}
