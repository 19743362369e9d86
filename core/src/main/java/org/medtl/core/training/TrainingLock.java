package org.medtl.core.training;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thing MedTL serialises between concurrent node executions: training (the optimiser steps of a
 * fold, from seeding the engine's generator to the fold's last update). Everything else (model loading,
 * prediction, activation extraction, CCA) runs concurrently.
 *
 * <p>Why, in DJL 0.36 with libtorch 2.7.1 (docs/training.md, "Concurrent fine-tunings"):</p>
 * <ul>
 *   <li>{@code PtGradientCollector} keeps a static {@code isCollecting} flag: a second collector anywhere in
 *       the process throws {@code IllegalStateException: A PtGradientCollector is already collecting};</li>
 *   <li>dropout draws from libtorch's process-wide default generator, which {@link FineTuner} reseeds per
 *       fold; interleaved trainings would share one random stream and their results would depend on timing.</li>
 * </ul>
 * Grad mode, in contrast, is per thread in libtorch, so inference on other threads is unaffected.
 *
 * <p>The lock is fair (first come, first trained), reentrant, and waited for in short polls so that a
 * waiting execution reports "waiting for another fine-tuning" and stays cancellable. A waiting thread holds
 * no other MedTL lock; the holder calls only progress and cancel callbacks, which never wait for a training.</p>
 */
final class TrainingLock {

    static final String WAITING = "waiting for another fine-tuning";
    private static final ReentrantLock LOCK = new ReentrantLock(true);
    private static final long POLL_MILLIS = 100;

    /** Releases the lock; {@code close} never throws. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private TrainingLock() {
    }

    /**
     * Takes the lock, waiting as long as another thread trains.
     *
     * @param onWait called once, before the first wait, when the lock is busy (progress "waiting ...")
     * @param check  called at every poll while waiting; throws to give up (cancel)
     * @throws TrainingCancelledException when the thread is interrupted while waiting
     */
    static Held acquire(Runnable onWait, Runnable check) {
        try {
            // tryLock with a timeout honours fairness; the untimed tryLock() would barge ahead of waiters.
            if (!LOCK.tryLock(0, TimeUnit.MILLISECONDS)) {
                onWait.run();
                do {
                    check.run();
                } while (!LOCK.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingCancelledException("while " + WAITING);
        }
        return LOCK::unlock;
    }

    /** {@link #acquire} for callers that report nothing and are not cancelled while waiting. */
    static Held acquire() {
        return acquire(() -> {
        }, () -> {
        });
    }

    static boolean isHeldByCurrentThread() {
        return LOCK.isHeldByCurrentThread();
    }
}
