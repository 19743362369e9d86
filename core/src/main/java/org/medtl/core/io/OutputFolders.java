package org.medtl.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** MedTL never writes over earlier results: every output folder must be new or empty. */
public final class OutputFolders {

    private OutputFolders() {
    }

    /** True when {@code folder} does not exist, or is a directory without entries. */
    public static boolean isNewOrEmpty(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return true;
        }
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}
