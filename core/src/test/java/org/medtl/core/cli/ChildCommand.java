package org.medtl.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code ./medtl} command line in a child JVM on the test classpath, as the launcher starts it, so that it can
 * receive real signals: what it prints on standard error is collected while it runs.
 */
final class ChildCommand implements AutoCloseable {

    private final Process process;
    private final StringBuffer err = new StringBuffer();
    private final StringBuffer out = new StringBuffer();

    private final Thread errReader;
    private final Thread outReader;

    private ChildCommand(Process process) {
        this.process = process;
        errReader = drain(process.getErrorStream(), err);
        outReader = drain(process.getInputStream(), out);
    }

    /** Starts {@code Medtl.main(args)} in a new JVM. */
    static ChildCommand start(String... args) throws IOException {
        return startMain(Medtl.class.getName(), args);
    }

    /** Starts any main class of the test classpath in a new JVM. */
    static ChildCommand startMain(String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true",
                "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return new ChildCommand(new ProcessBuilder(cmd).start());
    }

    private static Thread drain(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits until everything the ended child wrote has been read: its pipes reach end-of-file once it has exited
     * (a fixed pause lost the last lines on a busy machine).
     */
    private void readToEnd() throws InterruptedException {
        errReader.join(TimeUnit.SECONDS.toMillis(30));
        outReader.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** Waits until standard error contains {@code text}; fails with what it printed when the child ends or time runs out first. */
    void awaitErr(String text, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (err.indexOf(text) < 0) {
            if (!process.isAlive() && err.indexOf(text) < 0) {
                readToEnd();
                if (err.indexOf(text) < 0) {
                    throw new AssertionError("the child ended (exit " + process.exitValue() + ") without printing '" + text + "':\n" + err
                            + "\nstdout:\n" + out);
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + text + "' within " + seconds + " s:\n" + err);
            }
            Thread.sleep(50);
        }
    }

    /** Sends a signal by name (INT, TERM) as a terminal or a batch system would. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the exit code. */
    int exit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end within " + seconds + " s:\n" + err);
        }
        readToEnd();
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String err() {
        return err.toString();
    }

    String out() {
        return out.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
