package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./medtl run}'s options: the node pool size. */
class RunCommandTest {

    private static CommandLineRun run(String... args) {
        return CommandLineRun.of(args);
    }

    @Test
    void threadsSetsHowManyNodesRunAtOnce(@TempDir Path tmp) throws Exception {
        CommandLineRun r = run("run", TestInputs.datasetReaderWorkflow().toString(), "--threads", "1", "--out", tmp.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(one node at a time)"), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("out").resolve("report.html")));
    }

    @Test
    void aThreadCountBelowOneIsAUsageError(@TempDir Path tmp) {
        for (String bad : new String[] {"0", "two"}) {
            CommandLineRun r = run("run", TestInputs.datasetReaderWorkflow().toString(), "--threads", bad, "--out", tmp.resolve("out").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--threads") && r.err().contains(bad), r.err());
        }
    }

    @Test
    void aRunStartsFromAnEmptyFolderAndItsFolderRebuildsTheReport(@TempDir Path tmp) throws Exception {
        // As KNIME's batch executor with -reset: a run never reuses or overwrites earlier results.
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("earlier.txt"), "x");
        CommandLineRun refused = run("run", TestInputs.datasetReaderWorkflow().toString(), "--out", used.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("not empty"), refused.err());

        Path out = tmp.resolve("out");
        assertEquals(0, run("run", TestInputs.datasetReaderWorkflow().toString(), "--threads", "2", "--out", out.toString()).code());
        // The run folder alone (workflow copy, variables, outputs.tsv per node) is enough to rebuild the report later.
        CommandLineRun report = run("report", out.toString(), "--out", tmp.resolve("merged").toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(Files.isRegularFile(tmp.resolve("merged").resolve("report.html")));
    }
}
