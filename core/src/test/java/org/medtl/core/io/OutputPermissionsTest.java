package org.medtl.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Published outputs get the mode the umask gives a plain new file or folder, not the temp files' 0600/0700. */
class OutputPermissionsTest {

    /** What a plain new file and folder get here: the umask the test JVM runs under. */
    private static String[] umaskModes(Path dir) throws Exception {
        Path f = Files.createFile(dir.resolve("plain-file"));
        Path d = Files.createDirectory(dir.resolve("plain-folder"));
        return new String[] {PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(d))};
    }

    @Test
    void publishedFilesAndFoldersFollowTheUmask(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        String[] expected = umaskModes(dir);
        Path file = dir.resolve("out.txt");
        AtomicFiles.write(file, out -> out.write('x'));
        assertEquals(expected[0], PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // Overwriting keeps following the umask instead of turning the file private.
        AtomicFiles.write(file, out -> out.write('y'));
        assertEquals(expected[0], PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Path npy = dir.resolve("m.npy");
        Npy.write(npy, new Npy.Array(Npy.DType.FLOAT32, new int[] {1, 2}, new float[] {1, 2}));
        assertEquals(expected[0], PosixFilePermissions.toString(Files.getPosixFilePermissions(npy)));
        assertEquals(expected[1], PosixFilePermissions.toString(Files.getPosixFilePermissions(TempOutputs.folder(dir, ".folder"))));
    }

    @Test
    void underUmask022FilesAre644AndFolders755(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        // The umask is fixed per process: run the check in a child JVM started by a shell with umask 022.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Process p = new ProcessBuilder("sh", "-c", "umask 022 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"", java, cp, PublishProbe.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("published.txt"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("published-folder"))));
    }

    /** Publishes one file and one folder as the commands do; run in a child JVM under a known umask. */
    public static final class PublishProbe {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            AtomicFiles.write(dir.resolve("published.txt"), out -> out.write('x'));
            Path tmp = TempOutputs.folder(dir, ".published-folder.tmp");
            Files.move(tmp, dir.resolve("published-folder"));
        }
    }
}
