package org.medtl.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every unfinished output stays registered until it is published or discarded, so an interrupted process can
 * find and remove the ones still open ({@code discardAll}, exercised with real signals in {@code InterruptionTest}).
 */
class TempOutputsTest {

    private static boolean open(Path p) {
        return TempOutputs.open().contains(p.toAbsolutePath().normalize());
    }

    @Test
    void anOutputIsOpenUntilPublishedOrDiscarded(@TempDir Path dir) throws Exception {
        Path tmp = TempOutputs.folder(dir, ".set.tmp");
        Files.writeString(tmp.resolve("layer1.npy"), "x");
        assertTrue(open(tmp));
        TempOutputs.publish(tmp, dir.resolve("set"));
        assertFalse(open(tmp), "published: no longer unfinished");
        TempOutputs.discard(tmp);
        assertEquals("x", Files.readString(dir.resolve("set").resolve("layer1.npy")), "discarding after publishing keeps the output");

        Path failed = TempOutputs.file(dir, ".table-", ".csv.tmp");
        Files.writeString(failed, "half");
        TempOutputs.discard(failed);
        assertFalse(Files.exists(failed));
        assertFalse(open(failed));

        Path node = Files.createDirectories(dir.resolve("run").resolve("Node (#1)"));
        TempOutputs.unfinished(node);
        assertTrue(open(node));
        TempOutputs.finished(node);
        TempOutputs.discard(node);
        assertTrue(Files.isDirectory(node), "a finished folder stays");
    }
}
