package org.medtl.core.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.medtl.core.io.OutputLock;
import org.medtl.core.io.TempOutputs;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a {@code ./medtl} command: a JVM shutdown hook tells the running work to
 * stop (commands ask {@link #requested()} once per batch), waits for it, then removes every unfinished output
 * {@link TempOutputs} still has open and says on standard error what it removed. Published outputs stay.
 *
 * <p>Installed by {@link Medtl#main} only: a command run in-process (tests, other Java code) is never
 * stopped by a signal meant for its host.</p>
 */
final class Interruption {

    /** How long the hook waits for the running work to stop before removing its outputs anyway. */
    static final long GRACE_SECONDS = 30;

    private static final AtomicBoolean REQUESTED = new AtomicBoolean();

    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Thread hook;

    private Interruption(String command, PrintStream err) {
        this.hook = new Thread(() -> onSignal(command, err), "medtl-interruption");
    }

    /** True once the process was told to stop; commands then stop at their next batch. */
    static boolean requested() {
        return REQUESTED.get();
    }

    /** Throws when the process was told to stop: for progress callbacks that stop work by throwing. */
    static void check() {
        if (REQUESTED.get()) {
            throw new CancellationException("interrupted");
        }
    }

    /** Installs the hook for one command line. */
    static Interruption install(String command, PrintStream err) {
        Interruption i = new Interruption(command, err);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /**
     * The command has returned. A normal exit then runs the hook with nothing to do; an interrupted one lets
     * the hook go on to its cleanup.
     */
    void commandEnded(boolean interrupted) {
        if (!interrupted) {
            finished.set(true);
        }
        ended.countDown();
    }

    private void onSignal(String command, PrintStream err) {
        if (finished.get()) {
            return;
        }
        String who = "medtl" + (command == null ? "" : " " + command);
        List<Path> removed = new ArrayList<>();
        // Listen before telling the work to stop: the work may discard its outputs at its very next batch.
        TempOutputs.reportRemovals(p -> {
            synchronized (removed) {
                removed.add(p);
            }
            err.println(who + ": interrupted: removed the unfinished output " + p + " (nothing of it was published)");
        });
        REQUESTED.set(true);
        err.println(who + ": interrupted; stopping the running work and removing its unfinished outputs ...");
        try {
            if (!ended.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                err.println(who + ": the running work did not stop within " + GRACE_SECONDS + " s; removing its unfinished outputs now.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempOutputs.discardAll();
        OutputLock.releaseAll();
        synchronized (removed) {
            if (removed.isEmpty()) {
                err.println(who + ": interrupted: no unfinished output was left to remove; what was published before stays.");
            } else {
                err.println(who + ": interrupted: removed " + removed.size() + " unfinished output(s); what was published before stays.");
            }
        }
        err.flush();
    }
}
