package org.medtl.core.dataset;

import org.medtl.core.io.AtomicFiles;
import org.medtl.core.io.Csv;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Problems (and preset exclusions) as a CSV {@code kind,path,reason}, written atomically. */
public final class Problems {
    private Problems() {
    }

    public static void write(Path csv, List<Problem> problems, List<Problem> excluded) throws IOException {
        AtomicFiles.write(csv, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            Csv.writeRow(w, List.of("kind", "path", "reason"));
            for (Problem p : problems) {
                Csv.writeRow(w, List.of("problem", p.path(), p.reason()));
            }
            for (Problem p : excluded) {
                Csv.writeRow(w, List.of("excluded", p.path(), p.reason()));
            }
            w.flush();
        });
    }
}
