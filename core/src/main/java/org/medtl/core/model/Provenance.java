package org.medtl.core.model;

import java.util.Map;

/**
 * Where a model's weights came from, immutable once written. A user reads it in KNIME and the report
 * prints it, so that a result can be traced to a weight file (by SHA-256, not just by name), a seed and
 * the library versions that computed it.
 *
 * @param weightsSource {@code random}, {@code keras-h5}, {@code pth}, {@code torchscript} or {@code fine-tuned}
 * @param weightsFile   file name of the weight source (no folder: folders are private), or {@code null}
 * @param weightsSha256 SHA-256 of that file, or {@code null}
 * @param seed          seed of random initialisation or training, or {@code null}
 * @param settings      the settings that produced the model, by config key
 * @param versions      {@code DjlRuntime.versions()} when the model was made
 * @param created       ISO-8601 UTC time
 */
public record Provenance(String weightsSource, String weightsFile, String weightsSha256, Long seed,
                         Map<String, String> settings, Map<String, String> versions, String created) {

    public Provenance {
        settings = Map.copyOf(settings == null ? Map.of() : settings);
        versions = Map.copyOf(versions == null ? Map.of() : versions);
    }
}
