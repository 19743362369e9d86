package org.medtl.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged NumPy image stacks in a dataset get the same reasons as the similarity command's matrices (one
 * {@code .npy} reader, {@code io.Npy}), with the file named once by the problems table.
 */
class NpyStackProblemsTest {

    @TempDir
    Path dir;

    @Test
    void damagedStacksAreProblemsNamingTheFileAndTheReason() throws Exception {
        Path root = dir.resolve("data");
        for (String label : new String[] {"a", "b"}) {
            for (int i = 0; i < 3; i++) {
                NpyWriter.writeNpy(root.resolve(label + "/ok" + i + ".npy"), "|u1", new long[] {6, 5}, new byte[30]);
            }
        }
        byte[] stack = NpyWriter.npy("<u2", new long[] {3, 6, 5}, new byte[3 * 6 * 5 * 2]);
        Files.write(root.resolve("a/cut.npy"), Arrays.copyOf(stack, stack.length - 70));
        NpyWriter.writeNpy(root.resolve("b/complex.npy"), "<c8", new long[] {6, 5}, new byte[30 * 8]);
        Files.write(root.resolve("b/text.npy"), "1,2,3\n".getBytes());

        DatasetProblemsException e = assertThrows(DatasetProblemsException.class,
                () -> DatasetReader.read(DatasetSettings.of(root.toString()).withFolds("stratified", 2, 1)));
        Map<String, String> reasons = new java.util.TreeMap<>();
        for (Problem p : e.problems()) {
            reasons.merge(Path.of(p.path().replaceAll(" \\(index \\d+\\)$", "")).getFileName().toString(), p.reason(), (x, y) -> x + " | " + y);
        }
        assertEquals(java.util.Set.of("cut.npy", "complex.npy", "text.npy"), reasons.keySet(), e.getMessage());
        // 180 bytes of data announced; the last image (60 bytes) lacks 70, so images 1 and 2 fail.
        assertTrue(reasons.get("cut.npy").contains("the data ends after 110 of the 180 bytes that shape (3, 6, 5) of uint16 needs")
                && reasons.get("cut.npy").contains("truncated"), reasons.get("cut.npy"));
        assertTrue(reasons.get("complex.npy").contains("NumPy element type '<c8' is not supported here")
                && reasons.get("complex.npy").contains("astype"), reasons.get("complex.npy"));
        assertTrue(reasons.get("text.npy").contains("not a NumPy .npy file") && reasons.get("text.npy").contains("numpy.save"),
                reasons.get("text.npy"));
        for (String reason : reasons.values()) {
            assertTrue(!reason.contains(".npy:"), "the reason does not name the file again: " + reason);
        }
    }
}
