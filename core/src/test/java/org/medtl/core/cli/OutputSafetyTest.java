package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.io.OutputLock;

/**
 * Refusals that must come before anything is written: a {@code --select} that matches no node, an unwritable
 * {@code --problems} file, and a second run on an {@code --out} another run is writing.
 */
class OutputSafetyTest {

    @Test
    void aSelectionThatMatchesNothingCreatesNothing(@TempDir Path tmp) throws Exception {
        Path wf = InterruptionTest.copyWorkflow("node-dataset-reader", tmp.resolve("wf"));
        Path out = tmp.resolve("runs").resolve("out");
        CommandLineRun r = CommandLineRun.of("run", wf.toString(), "--select", "dataset=nothing-like-this", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("matches no node") && r.err().contains("Nothing was written"), r.err());
        assertFalse(Files.exists(tmp.resolve("runs")), "neither --out nor its parent was created");
    }

    @Test
    void anUnwritableProblemsFileFailsBeforeTheManifestIsWritten(@TempDir Path tmp) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images").resolve("a"));
        Files.createDirectories(tmp.resolve("images").resolve("b"));
        Path notAFolder = Files.writeString(tmp.resolve("notes.txt"), "a file");
        Path manifest = tmp.resolve("manifest.csv");
        CommandLineRun r = CommandLineRun.of("dataset", "--source", images.getParent().toString(), "--out", manifest.toString(),
                "--problems", notAFolder.resolve("problems.csv").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("--problems " + notAFolder.resolve("problems.csv")) && r.err().contains("is a file, not a folder"), r.err());
        assertFalse(Files.exists(manifest), "the manifest is not written");

        assumeTrue(!"root".equals(System.getProperty("user.name")), "root may write into read-only folders");
        Path readOnly = Files.createDirectories(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            CommandLineRun denied = CommandLineRun.of("dataset", "--source", images.getParent().toString(), "--out", manifest.toString(),
                    "--problems", readOnly.resolve("problems.csv").toString());
            assertEquals(1, denied.code(), denied.err());
            assertTrue(denied.err().contains("no permission to write in " + readOnly), denied.err());
            assertFalse(Files.exists(manifest));
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aSecondRunOnTheSameOutNamesTheFirstAndATakenOverLockIsStale(@TempDir Path tmp) throws Exception {
        Path wf = InterruptionTest.copyWorkflow("node-dataset-reader", tmp.resolve("wf"));
        Path out = tmp.resolve("runs").resolve("out");
        try (ChildCommand holder = ChildCommand.startMain(HoldLock.class.getName(), out.toString())) {
            holder.awaitErr("locked", 60);
            CommandLineRun second = CommandLineRun.of("run", wf.toString(), "--out", out.toString());
            assertEquals(1, second.code(), second.err());
            assertTrue(second.err().contains("--out " + out.toAbsolutePath() + " is being written by another ./medtl run (pid " + holder.pid()
                    + " on host "), second.err());
            assertTrue(second.err().contains(", started 20") && second.err().contains("Wait until it has finished, or choose another --out"),
                    second.err());
            assertFalse(Files.exists(out), "the second run wrote nothing");
            // Killed outright (SIGKILL): no cleanup runs, the lock file stays behind, and the operating system releases the lock.
            holder.close();
            holder.exit(30);
        }
        assertTrue(Files.exists(OutputLock.lockFile(out)), "a killed holder leaves its lock file");
        CommandLineRun next = CommandLineRun.of("run", wf.toString(), "--out", out.toString());
        assertEquals(0, next.code(), next.err());
        assertFalse(Files.exists(OutputLock.lockFile(out)), "released and removed when the run ends");
        try (Stream<Path> left = Files.list(tmp.resolve("runs"))) {
            assertEquals(List.of(out), left.toList());
        }
    }

    /** Holds the lock of an output folder until killed: another process writing there. */
    public static final class HoldLock {
        public static void main(String[] args) throws Exception {
            OutputLock lock = OutputLock.acquire(Path.of(args[0]), "--out", "./medtl run");
            System.err.println("locked");
            System.err.flush();
            Thread.sleep(600_000);
            lock.close();
        }
    }
}
