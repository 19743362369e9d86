package org.medtl.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Temporary files and folders next to an output, to be published by a move. {@link Files#createTempFile} and
 * {@link Files#createTempDirectory} create them 0600 and 0700 whatever the umask, and the move keeps that mode, so
 * every published result would be private to its owner. These create them with the mode a plain
 * {@link Files#createFile} or {@link Files#createDirectory} gets under the process umask (0644 and 0755 under 022),
 * so results can be shared with a group exactly when the umask allows it.
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

    /** A new empty file in {@code dir} with the umask's file mode (see class comment). */
    public static Path file(Path dir, String prefix, String suffix) throws IOException {
        return Files.createTempFile(dir, prefix, suffix, mode(Modes.FILE));
    }

    /** A new empty folder in {@code dir} with the umask's folder mode (see class comment). */
    public static Path folder(Path dir, String prefix) throws IOException {
        return Files.createTempDirectory(dir, prefix, mode(Modes.FOLDER));
    }
}
