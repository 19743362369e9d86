package org.medtl.core.similarity;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * BLAS goes single-threaded only while other processes keep every core busy now, not because the one-minute load
 * average still remembers earlier work, and never because of this process's own threads.
 */
class CpuContentionTest {

    @Test
    void readsTheRunnableCountAndAThreadState() {
        assertEquals(OptionalInt.of(3), CpuContention.runnableOf("0.84 1.28 1.68 3/245 12345\n"));
        assertEquals(OptionalInt.of(17), CpuContention.runnableOf("12.00 11.50 9.75 17/1024 999"));
        assertTrue(CpuContention.runnableOf("0.84 1.28").isEmpty());
        assertTrue(CpuContention.runnableOf("0.84 1.28 1.68 x/245 1").isEmpty());
        // A thread name may hold spaces and parentheses; the state follows the last ')'.
        assertEquals('R', CpuContention.stateOf("4242 (java (main) x) R 1 4242 4242 0 -1"));
        assertEquals('S', CpuContention.stateOf("4243 (C2 CompilerThre) S 1 4242"));
    }

    @Test
    void ownBusyThreadsAreSeenAsOwnAndNotCountedAsOthers() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/loadavg")), "needs Linux /proc");
        int processors = Runtime.getRuntime().availableProcessors();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        try {
            for (int i = 0; i < processors + 1; i++) {
                Thread t = new Thread(() -> {
                    long x = 0;
                    while (!stop.get()) {
                        x += System.nanoTime() & 1;
                    }
                    if (x == 42) {
                        System.out.print("");
                    }
                }, "spinner-" + i);
                t.setDaemon(true);
                t.start();
                spinners.add(t);
            }
            Thread.sleep(100);
            // Every spinner is running or waiting for a core, so this process's own count includes them all.
            assertTrue(CpuContention.runnableOwnThreads().getAsInt() >= processors + 1, "own runnable threads");
            assertTrue(CpuContention.runnableSystemWide().getAsInt() >= processors + 1, "system-wide runnable threads");
        } finally {
            stop.set(true);
            for (Thread t : spinners) {
                t.join();
            }
        }
    }

    @Test
    void otherProcessesKeepingEveryCoreBusyMeanOneThread() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/loadavg")) && Files.isExecutable(Path.of("/bin/sh")), "needs Linux /proc and sh");
        int processors = Runtime.getRuntime().availableProcessors();
        List<Process> busy = new ArrayList<>();
        try {
            for (int i = 0; i < processors; i++) {
                busy.add(new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start());
            }
            Thread.sleep(200);
            assertTrue(CpuContention.othersRunnable().getAsInt() >= processors, "the busy processes are other processes' runnable threads");
            CpuContention.forget();
            assertTrue(CpuContention.othersKeepEveryCoreBusy());
        } finally {
            for (Process p : busy) {
                p.destroyForcibly().waitFor();
            }
            CpuContention.forget();
        }
    }
}
