package org.medtl.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One writer per output folder: an exclusive lock on {@code .NAME.medtl-lock} next to the folder, held while a
 * process writes into it, so that a second {@code ./medtl run} on the same {@code --out} stops at once with a
 * message naming the first (pid, host, start time) instead of both writing into one folder.
 *
 * <p>The operating system's file lock does the excluding, so a lock whose process is gone (killed, crashed) is
 * stale by construction: the next process takes it over and rewrites the file. The file itself is removed on
 * release; a process killed outright leaves it behind, harmless and reused.</p>
 */
public final class OutputLock implements AutoCloseable {

    /** Locks held by this process, released by {@link #releaseAll} when the process is interrupted. */
    private static final Set<OutputLock> HELD = new LinkedHashSet<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** What the lock file says about its holder. */
    private final String content;

    private OutputLock(Path file, FileChannel channel, FileLock lock, String content) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.content = content;
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The holder of a lock this process holds itself (another run in the same JVM, e.g. in KNIME or a test). */
    private static String heldHere(Path file) {
        synchronized (HELD) {
            for (OutputLock l : HELD) {
                if (l.file.equals(file)) {
                    return describe(parse(List.of(l.content.split("\n"))));
                }
            }
        }
        return "";
    }

    /** The lock file that guards {@code output}: hidden, beside it. */
    public static Path lockFile(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".medtl-lock");
    }

    /**
     * Takes the lock of {@code output} for {@code command} (e.g. "./medtl run").
     *
     * @param option how the output is called in the message, e.g. "--out"
     * @throws IOException naming the folder, the process that holds it and what to do
     */
    public static OutputLock acquire(Path output, String option, String command) throws IOException {
        Path file = lockFile(output);
        Files.createDirectories(file.getParent());
        for (int attempt = 0; attempt < 5; attempt++) {
            Object before = fileKey(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            String holder = null;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
                // Not from the file: closing any other descriptor of it would drop this process's own lock (POSIX).
                holder = heldHere(file);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                if (holder == null) {
                    holder = holder(file);
                }
                channel.close();
                throw new IOException(option + " " + output.toAbsolutePath().normalize() + " is being written by another " + command
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + ". Wait until it has finished, or choose another " + option
                        + ". (The lock " + file + " is released when that run ends, also when it is killed.)");
            }
            // The previous holder removes the file as it releases: then this lock may be on a file no longer at that
            // path, and the next process would lock a new one. Only a lock on the file the path names counts, so the
            // path must name the same file before the open and after the lock (compared without opening it again:
            // closing a second descriptor of the file would drop the lock).
            if (before != null && before.equals(fileKey(file))) {
                String content = "pid=" + ProcessHandle.current().pid() + "\nhost=" + host() + "\nstarted="
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\ncommand=" + command + "\n";
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                OutputLock held = new OutputLock(file, channel, lock, content);
                synchronized (HELD) {
                    HELD.add(held);
                }
                return held;
            }
            lock.release();
            channel.close();
        }
        throw new IOException("could not take the lock " + file + " for " + option + " " + output + ": other processes keep replacing it."
                + " Wait until they have finished, or choose another " + option + ".");
    }

    /** Releases the lock and removes its file. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (!HELD.remove(this)) {
                return;
            }
        }
        try {
            // Removed while still held, so no other process takes a lock on a file that is about to vanish.
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /** Releases every lock this process holds: the last step of an interrupted process. */
    public static void releaseAll() {
        List<OutputLock> held;
        synchronized (HELD) {
            held = List.copyOf(HELD);
        }
        for (OutputLock l : held) {
            try {
                l.close();
            } catch (IOException e) {
                // The process ends now and the operating system releases the lock anyway.
            }
        }
    }

    /** "pid 1234 on host h, started 2026-12-06T04:10:00Z", from the lock file, or empty when it cannot be read. */
    private static String holder(Path file) {
        try {
            return describe(parse(Files.readAllLines(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return "";
        }
    }

    private static String describe(java.util.Map<String, String> m) {
        if (m.get("pid") == null) {
            return "";
        }
        boolean here = String.valueOf(ProcessHandle.current().pid()).equals(m.get("pid")) && host().equals(m.get("host"));
        return (here ? "this process, pid " + m.get("pid") : "pid " + m.get("pid")) + " on host " + m.get("host") + ", started " + m.get("started");
    }

    private static java.util.Map<String, String> parse(List<String> lines) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    /** The host name without a name lookup (InetAddress.getLocalHost may ask DNS, and MedTL opens no connections). */
    private static String host() {
        for (Path p : List.of(Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hostname"))) {
            try {
                String name = Files.readString(p, StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException | RuntimeException e) {
                // next source
            }
        }
        String env = System.getenv("COMPUTERNAME") != null ? System.getenv("COMPUTERNAME") : System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "unknown" : env;
    }
}
