package org.medtl.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one way MedTL writes outputs: work in a temporary file or folder next to the target, {@link #publish} it
 * by an atomic move, and on any failure or cancel {@link #discard} it. Every temporary location stays registered
 * here until it is published or discarded, so that an interrupted process (Ctrl-C, SIGTERM) can remove whatever
 * unfinished output is still open ({@link #discardAll}) and say what it removed.
 *
 * <p>Modes: {@link Files#createTempFile} and
 * {@link Files#createTempDirectory} create them 0600 and 0700 whatever the umask, and the move keeps that mode, so
 * every published result would be private to its owner. These create them with the mode a plain
 * {@link Files#createFile} or {@link Files#createDirectory} gets under the process umask (0644 and 0755 under 022),
 * so results can be shared with a group exactly when the umask allows it.</p>
 */
public final class TempOutputs {

    private TempOutputs() {
    }

    /** The umask's file and folder modes, found once: the umask is per process and Java cannot read it directly. */
    private static final class Modes {
        static final Set<PosixFilePermission> FILE;
        static final Set<PosixFilePermission> FOLDER;

        static {
            if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                FILE = null;
                FOLDER = null;
            } else {
                Path probe = null;
                try {
                    probe = Files.createTempDirectory("medtl-umask");
                    FILE = Files.getPosixFilePermissions(Files.createFile(probe.resolve("file")));
                    FOLDER = Files.getPosixFilePermissions(Files.createDirectory(probe.resolve("folder")));
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not find the umask's permissions with a probe in " + probe + ": " + e.getMessage(), e);
                } finally {
                    if (probe != null) {
                        try (Stream<Path> s = Files.walk(probe)) {
                            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                                Files.deleteIfExists(p);
                            }
                        } catch (IOException e) {
                            // A leftover empty probe folder in the system temp folder is harmless.
                        }
                    }
                }
            }
        }
    }

    private static FileAttribute<?>[] mode(Set<PosixFilePermission> permissions) {
        return permissions == null ? new FileAttribute<?>[0] : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }

    /** Unfinished outputs: temporary locations not yet published or discarded, and folders written in place. */
    private static final Set<Path> OPEN = new LinkedHashSet<>();
    /** Told about every unfinished output removed while set (an interruption says what it removed). */
    private static Consumer<Path> removalListener;
    /** Set once the process is shutting down: no new unfinished output may start then. */
    private static boolean closed;

    /** A new empty file in {@code dir} with the umask's file mode (see class comment), open until published or discarded. */
    public static Path file(Path dir, String prefix, String suffix) throws IOException {
        synchronized (OPEN) {
            requireOpen(dir);
            return register(Files.createTempFile(dir, prefix, suffix, mode(Modes.FILE)));
        }
    }

    /** A new empty folder in {@code dir} with the umask's folder mode (see class comment), open until published or discarded. */
    public static Path folder(Path dir, String prefix) throws IOException {
        synchronized (OPEN) {
            requireOpen(dir);
            return register(Files.createTempDirectory(dir, prefix, mode(Modes.FOLDER)));
        }
    }

    /**
     * Marks a folder that is written in place (a run folder, a node's folder in a run) as unfinished: it is
     * removed like a temporary location when the work fails or is interrupted, until {@link #finished} says it
     * is complete.
     */
    public static void unfinished(Path folder) throws IOException {
        synchronized (OPEN) {
            requireOpen(folder);
            register(folder);
        }
    }

    /** The folder given to {@link #unfinished} is complete: it stays whatever happens next. */
    public static void finished(Path folder) {
        synchronized (OPEN) {
            OPEN.remove(folder.toAbsolutePath().normalize());
        }
    }

    /**
     * Publishes a temporary file or folder as {@code target} in one atomic rename (a plain rename where the file
     * system has no atomic one). An existing target file is replaced; an existing target folder must be empty
     * (callers check that before they start) and is replaced too.
     */
    public static void publish(Path temporary, Path target) throws IOException {
        Path tmp = temporary.toAbsolutePath().normalize();
        if (Files.isDirectory(tmp) && Files.isDirectory(target)) {
            Files.delete(target);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        synchronized (OPEN) {
            OPEN.remove(tmp);
        }
    }

    /**
     * Removes an unfinished output (a temporary location or an {@link #unfinished} folder) with everything in it;
     * nothing happens when it was published or is gone. Call it in a {@code finally} after {@link #publish}.
     */
    public static void discard(Path unfinished) throws IOException {
        Path p = unfinished.toAbsolutePath().normalize();
        Consumer<Path> listener;
        synchronized (OPEN) {
            if (!OPEN.remove(p)) {
                return;
            }
            listener = removalListener;
        }
        if (deleteTree(p) && listener != null) {
            listener.accept(p);
        }
    }

    /**
     * From now on, every unfinished output removed (by {@link #discard} or {@link #discardAll}) is handed to
     * {@code listener}: an interrupted process reports what it removed.
     */
    public static void reportRemovals(Consumer<Path> listener) {
        synchronized (OPEN) {
            removalListener = listener;
        }
    }

    /**
     * Removes every unfinished output still open and refuses new ones from then on: the last step of an
     * interrupted process, after its work was told to stop. Returns what was removed.
     */
    public static List<Path> discardAll() {
        List<Path> open;
        synchronized (OPEN) {
            closed = true;
            open = new ArrayList<>(OPEN);
        }
        List<Path> removed = new ArrayList<>();
        // Innermost first, so a node folder inside an unfinished run folder is named before the run folder.
        open.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path p : open) {
            try {
                Consumer<Path> listener;
                synchronized (OPEN) {
                    if (!OPEN.remove(p)) {
                        continue;
                    }
                    listener = removalListener;
                }
                if (deleteTree(p)) {
                    removed.add(p);
                    if (listener != null) {
                        listener.accept(p);
                    }
                }
            } catch (IOException e) {
                // Best effort while the process ends; what could not be removed is still named by the caller's check.
            }
        }
        return removed;
    }

    /** The unfinished outputs open now (for tests and the interruption message). */
    public static List<Path> open() {
        synchronized (OPEN) {
            return List.copyOf(OPEN);
        }
    }

    private static void requireOpen(Path where) throws IOException {
        if (closed) {
            throw new IOException("not starting a new output in " + where + ": the process is being interrupted.");
        }
    }

    private static Path register(Path p) {
        OPEN.add(p.toAbsolutePath().normalize());
        return p;
    }

    /** Deletes a file or folder tree; true when something was there. */
    public static boolean deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
        return true;
    }
}
