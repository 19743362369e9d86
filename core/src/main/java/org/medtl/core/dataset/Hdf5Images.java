package org.medtl.core.dataset;

import java.io.IOException;
import java.nio.file.Path;

final class Hdf5Images {
    private Hdf5Images() {
    }

    static Pixels read(Path file, String entry, int index) throws IOException {
        throw new IOException("this reader is not implemented yet");
    }
}
