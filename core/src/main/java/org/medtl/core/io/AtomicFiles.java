package org.medtl.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a file through a temporary sibling and a move, so a reader never sees half a file. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What goes into the file. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = TempOutputs.file(dir, "." + absolute.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            TempOutputs.publish(tmp, absolute);
        } finally {
            TempOutputs.discard(tmp);
        }
    }
}
