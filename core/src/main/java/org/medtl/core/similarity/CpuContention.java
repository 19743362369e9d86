package org.medtl.core.similarity;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Whether other processes keep every core busy right now: then BLAS runs on one thread (see
 * {@code Linalg.threadsFor}).
 *
 * <p>Why not the load average: it is a one-minute moving average. After any compute-heavy step (a build, the
 * previous command, NumPy in a benchmark) it stays at or above the core count for a minute on a machine that is
 * idle again, and a 2048-neuron CKA then ran on one thread, 1.5x slower than it could (measured here,
 * docs/similarity.md). Linux reports how many threads are runnable at this instant ({@code /proc/loadavg},
 * fourth field); this process's own runnable threads (the caller, OpenBLAS workers still spinning after the
 * previous call) are not competition and are subtracted. The median of a few samples a millisecond apart is
 * taken, so that a short-lived process does not switch BLAS to one thread; the answer is kept for a second,
 * since a single call may be milliseconds long.</p>
 */
final class CpuContention {

    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path OWN_TASKS = Path.of("/proc/self/task");
    private static final int SAMPLES = 5;
    private static final long KEEP_NANOS = 1_000_000_000L;

    private static boolean decided;
    private static boolean busy;
    private static long decidedAt;

    private CpuContention() {
    }

    /**
     * True when other processes' runnable threads are at least the number of cores; {@code -Dmedtl.blas.threads=1}
     * forces true, any other value false.
     */
    static synchronized boolean othersKeepEveryCoreBusy() {
        String forced = System.getProperty("medtl.blas.threads");
        if (forced != null) {
            return forced.trim().equals("1");
        }
        long now = System.nanoTime();
        if (!decided || now - decidedAt > KEEP_NANOS) {
            int processors = Runtime.getRuntime().availableProcessors();
            OptionalInt others = othersRunnable();
            // Without /proc (not Linux) the load average is the only measure the JDK offers.
            busy = others.isPresent() ? others.getAsInt() >= processors
                    : ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() >= processors;
            decided = true;
            decidedAt = now;
        }
        return busy;
    }

    /** Forgets the kept answer (tests). */
    static synchronized void forget() {
        decided = false;
    }

    /**
     * Runnable threads of other processes: the median over a few samples, since the system-wide count and this
     * process's own are read a moment apart and either may catch a thread that runs for a millisecond only.
     * Empty where /proc does not tell.
     */
    static OptionalInt othersRunnable() {
        int[] counts = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            if (i > 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return OptionalInt.empty();
                }
            }
            OptionalInt all = runnableSystemWide();
            OptionalInt own = runnableOwnThreads();
            if (all.isEmpty() || own.isEmpty()) {
                return OptionalInt.empty();
            }
            counts[i] = Math.max(0, all.getAsInt() - own.getAsInt());
        }
        java.util.Arrays.sort(counts);
        return OptionalInt.of(counts[SAMPLES / 2]);
    }

    static OptionalInt runnableSystemWide() {
        try {
            return runnableOf(Files.readString(LOADAVG));
        } catch (IOException | SecurityException e) {
            return OptionalInt.empty();
        }
    }

    /** Threads of this process that are running or waiting for a core. */
    static OptionalInt runnableOwnThreads() {
        int count = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(OWN_TASKS)) {
            for (Path task : tasks) {
                try {
                    if (stateOf(Files.readString(task.resolve("stat"))) == 'R') {
                        count++;
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | SecurityException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(count);
    }

    /** The runnable count of a {@code /proc/loadavg} line ("0.84 1.28 1.68 3/245 12345" gives 3). */
    static OptionalInt runnableOf(String loadavg) {
        String[] fields = loadavg.trim().split("\\s+");
        if (fields.length < 4) {
            return OptionalInt.empty();
        }
        int slash = fields[3].indexOf('/');
        try {
            return slash > 0 ? OptionalInt.of(Integer.parseInt(fields[3].substring(0, slash))) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The state letter of a {@code /proc/.../stat} line; the thread name before it may hold spaces and parentheses. */
    static char stateOf(String stat) {
        int close = stat.lastIndexOf(')');
        return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
    }
}
