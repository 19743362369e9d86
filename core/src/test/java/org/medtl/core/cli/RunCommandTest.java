package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./medtl run}'s options: the node pool size. */
class RunCommandTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Medtl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A light shipped workflow (one Dataset Reader on synthetic data); tests run in core/. */
    private static Path datasetReaderWorkflow() {
        Path here = Paths.get("").toAbsolutePath();
        Path root = here.resolve("../test-workflows").normalize();
        return (Files.isDirectory(root) ? root : here.resolve("test-workflows")).resolve("node-dataset-reader");
    }

    @Test
    void threadsSetsHowManyNodesRunAtOnce(@TempDir Path tmp) throws Exception {
        Result r = run("run", datasetReaderWorkflow().toString(), "--threads", "1", "--out", tmp.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(one node at a time)"), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("out").resolve("report.html")));
    }

    @Test
    void aThreadCountBelowOneIsAUsageError(@TempDir Path tmp) {
        for (String bad : new String[] {"0", "two"}) {
            Result r = run("run", datasetReaderWorkflow().toString(), "--threads", bad, "--out", tmp.resolve("out").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--threads") && r.err().contains(bad), r.err());
        }
    }

    @Test
    void aRunStartsFromAnEmptyFolderAndItsFolderRebuildsTheReport(@TempDir Path tmp) throws Exception {
        // As KNIME's batch executor with -reset: a run never reuses or overwrites earlier results.
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("earlier.txt"), "x");
        Result refused = run("run", datasetReaderWorkflow().toString(), "--out", used.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("not empty"), refused.err());

        Path out = tmp.resolve("out");
        assertEquals(0, run("run", datasetReaderWorkflow().toString(), "--threads", "2", "--out", out.toString()).code());
        // The run folder alone (workflow copy, variables, outputs.tsv per node) is enough to rebuild the report later.
        Result report = run("report", out.toString(), "--out", tmp.resolve("merged").toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(Files.isRegularFile(tmp.resolve("merged").resolve("report.html")));
    }
}
