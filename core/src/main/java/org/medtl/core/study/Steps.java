package org.medtl.core.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.medtl.core.runtime.Progress;
import org.medtl.core.io.TempOutputs;

/** Small helpers shared by the headless node steps. */
final class Steps {

    private Steps() {
    }

    /** The core's {@link Progress} onto the runner's, checking for cancellation at every report. */
    static Progress progress(RunProgress run) {
        return (fraction, message) -> {
            try {
                run.checkCanceled();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("run canceled");
            }
            run.progress(fraction, message);
        };
    }

    /** Writes a CSV table atomically: header plus rows, fields quoted where needed. */
    static void writeCsv(Path file, List<String> header, List<List<String>> rows) throws IOException {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(line(header));
        for (List<String> r : rows) {
            lines.add(line(r));
        }
        Path tmp = TempOutputs.file(file.toAbsolutePath().getParent(), ".table-", ".csv.tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            TempOutputs.publish(tmp, file);
        } finally {
            TempOutputs.discard(tmp);
        }
    }

    private static String line(List<String> fields) {
        List<String> quoted = new ArrayList<>(fields.size());
        for (String f : fields) {
            String s = f == null ? "" : f;
            quoted.add(s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
        }
        return String.join(",", quoted);
    }

    /** A number for a CSV cell; undefined values stay empty, never a made-up number. */
    static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.10g", v) : "";
    }

    static double parse(String s) {
        return s == null || s.isBlank() ? Double.NaN : Double.parseDouble(s);
    }

    /** A study label, or a clear error naming the node and the missing label. */
    static String label(Map<String, String> labels, String key, String node) throws IOException {
        String v = labels.get(key);
        if (v == null || v.isBlank()) {
            throw new IOException("node '" + node + "' has no '" + key + "=' label in its description; the report groups results by it."
                    + " Add e.g. '" + key + "=...' to the node description.");
        }
        return v;
    }
}
