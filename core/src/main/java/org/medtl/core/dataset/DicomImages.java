package org.medtl.core.dataset;

import java.io.IOException;
import java.nio.file.Path;

final class DicomImages {
    private DicomImages() {
    }

    static Pixels readFrame(Path file, int frame, Window window) throws IOException {
        throw new IOException("the DICOM reader is not implemented yet");
    }
}
