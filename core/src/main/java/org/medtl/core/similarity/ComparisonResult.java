package org.medtl.core.similarity;

import java.util.List;
import java.util.Map;

/**
 * Result of comparing two activation sets layer by layer.
 *
 * @param rows        one per layer and measure, layers in the order of A
 * @param provenanceA descriptor entries of A (folder, model, fold, ...)
 * @param provenanceB the same for B
 * @param settings    the settings used
 */
public record ComparisonResult(List<LayerSimilarity> rows, Map<String, String> provenanceA, Map<String, String> provenanceB,
        ComparisonSettings settings) {

    public ComparisonResult {
        rows = List.copyOf(rows);
        provenanceA = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenanceA));
        provenanceB = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenanceB));
    }
}
