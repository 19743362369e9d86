package org.medtl.core.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fine-tuning that finds another one training shows that it waits, can be cancelled, and then trains. */
class TrainingLockTest {

    @TempDir
    static Path dir;

    private static FineTuneSettings settings(Path backbone) {
        return FineTuneSettings.builder().arch("").weights(backbone.toString()).size(32).batchSize(16).epochs(1)
                .learningRate(1e-3).patience(0).device("cpu").seed(5).workers(1).folds(List.of("0")).build();
    }

    @Test
    void aWaitingFineTuningReportsItAndCanBeCancelledLeavingNothing() throws Exception {
        Path manifest = ShapesDataset.write(dir.resolve("data"), 64, 32, 3);
        Path backbone = ShapesDataset.backbone(dir.resolve("backbone"), 17);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (TrainingLock.Held training = TrainingLock.acquire()) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "another-fine-tuning");
        other.start();
        assertTrue(held.await(10, TimeUnit.SECONDS));
        try {
            List<TrainingProgress> seen = new CopyOnWriteArrayList<>();
            AtomicBoolean cancel = new AtomicBoolean();
            Path out = dir.resolve("cancelled");
            TrainingCancelledException e = assertThrows(TrainingCancelledException.class, () -> FineTuner.run(settings(backbone),
                    manifest, out, p -> {
                        seen.add(p);
                        cancel.set(p.stage().equals(TrainingProgress.WAITING));
                    }, cancel::get));
            assertTrue(e.getMessage().contains("while waiting for another fine-tuning"), e.getMessage());
            assertEquals("fold 0, waiting for another fine-tuning", seen.get(seen.size() - 1).message());
            assertFalse(Files.exists(out));
            try (Stream<Path> s = Files.list(dir)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".cancelled")), "no temporary folder left");
            }
            assertFalse(TrainingLock.isHeldByCurrentThread());
        } finally {
            release.countDown();
            other.join();
        }
        // Once the other training ends, the same execution trains (the lock was not left taken by the cancel).
        FineTuneResult r = FineTuner.run(settings(backbone), manifest, dir.resolve("after"), ProgressListener.NONE, Cancellation.NEVER);
        assertEquals(1, r.folds().size());
    }
}
