package org.medtl.core.dataset;

import java.io.IOException;

/** Placeholder until the study presets are added. */
final class StudyPresets {
    private StudyPresets() {
    }

    static Listing list(DatasetSettings s) throws IOException {
        throw new IOException("preset '" + s.preset() + "' is not available yet");
    }
}
