package org.medtl.core.dataset.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic-data cache under concurrent Dataset Readers: one complete folder, never a half one. */
class SyntheticDatasetsTest {

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    private static void assertSameContent(Path expected, Path actual) throws IOException {
        assertEquals(files(expected), files(actual));
        for (Path f : files(expected)) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f.toString());
        }
    }

    @Test
    void concurrentGenerationsOfOneFolderYieldOneCompleteCopy(@TempDir Path tmp) throws Exception {
        Path sequential = SyntheticDatasets.materialise(SyntheticTask.RADIOLOGY, 24, 16, 7, tmp.resolve("sequential"));

        int threads = 4;
        CyclicBarrier together = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Path> reader = () -> {
                    together.await(10, TimeUnit.SECONDS);
                    return SyntheticDatasets.materialise(SyntheticTask.RADIOLOGY, 24, 16, 7, tmp.resolve("concurrent"));
                };
                results.add(pool.submit(reader));
            }
            Path first = results.get(0).get(60, TimeUnit.SECONDS);
            for (Future<Path> r : results) {
                assertEquals(first, r.get(60, TimeUnit.SECONDS));
            }
            assertSameContent(sequential, first);
            try (Stream<Path> entries = Files.list(first.getParent())) {
                assertEquals(List.of(first.getFileName()), entries.map(Path::getFileName).toList(), "no temporary folder may be left behind");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFolderPublishedByAnotherProcessFirstIsKept(@TempDir Path tmp) throws Exception {
        // Another process finished first: our own complete copy must neither fail the reader nor replace theirs.
        Path theirs = SyntheticDatasets.materialise(SyntheticTask.ULTRASOUND, 8, 16, 3, tmp.resolve("cache"));
        Path marker = theirs.resolve("patients.csv");
        long before = Files.getLastModifiedTime(marker).toMillis();
        Path ours = SyntheticDatasets.materialise(SyntheticTask.ULTRASOUND, 8, 16, 3, tmp.resolve("ours"));
        SyntheticDatasets.publish(ours, theirs);
        assertEquals(before, Files.getLastModifiedTime(marker).toMillis());
        assertSameContent(ours, theirs);
        assertTrue(Files.isRegularFile(theirs.resolve("SYNTHETIC.txt")));
    }
}
