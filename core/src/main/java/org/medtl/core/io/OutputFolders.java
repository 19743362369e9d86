package org.medtl.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two rules every output folder follows: MedTL never writes over earlier results (every output folder must
 * be new or empty), and never writes into its inputs (an output must not be inside, or equal to, any input
 * folder: the images a manifest names, model folders, activation sets, runs, workflow folders). A manifest's own
 * folder is an input only as itself: outputs next to a manifest are the usual layout, but never the folder itself.
 */
public final class OutputFolders {

    private OutputFolders() {
    }

    /** One input folder of a command, node or run: what it is (for the message) and where. */
    public record Input(String what, Path folder, boolean nestingAllowed) {

        /** An input folder nothing may be written into. */
        public static Input folder(String what, Path folder) {
            return new Input(what, folder, false);
        }

        /** An input folder that outputs may sit in but not replace (a manifest's folder). */
        public static Input notItself(String what, Path folder) {
            return new Input(what, folder, true);
        }
    }

    /** True when {@code folder} does not exist, or is a directory without entries. */
    public static boolean isNewOrEmpty(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return true;
        }
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Refuses an output inside, or equal to, one of the inputs, with symbolic links resolved so that a link
     * into an input folder is caught too.
     *
     * @param output what the output is called in the message, e.g. "--out" or "Output folder"
     * @throws IllegalArgumentException naming the output, the input and what to do
     */
    public static void requireOutsideInputs(String output, Path target, List<Input> inputs) throws IOException {
        Path out = real(target);
        for (Input in : inputs) {
            if (in.folder() == null) {
                continue;
            }
            Path folder = real(in.folder());
            if (out.equals(folder) || !in.nestingAllowed() && out.startsWith(folder)) {
                throw new IllegalArgumentException(output + " " + target.toAbsolutePath().normalize() + (out.equals(folder) ? " is " : " is inside ")
                        + "the " + in.what() + " " + folder + ", an input; outputs never go into input folders. Choose a folder outside it.");
            }
        }
    }

    /**
     * Refuses a file output that cannot be written, before any work is done: a folder given as the file, a
     * location under something that is not a folder, or a folder this process may not write (probed with a
     * temporary file removed at once, which also catches read-only file systems). Creates nothing.
     *
     * @param output what the output is called in the message, e.g. "--problems"
     * @throws IllegalArgumentException naming the output, the folder and the reason
     */
    public static void requireWritableFile(String output, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String what = output + " " + abs;
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(what + " is a folder; give the name of the file to write.");
        }
        Path dir = abs.getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new IllegalArgumentException(what + " cannot be written: " + existing + " is a file, not a folder. Choose another location.");
        }
        String reason = null;
        if (existing.equals(dir)) {
            try {
                TempOutputs.discard(TempOutputs.file(dir, "." + abs.getFileName(), ".probe"));
            } catch (java.nio.file.AccessDeniedException e) {
                reason = "no permission to write in " + dir;
            } catch (IOException e) {
                String r = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
                reason = r.contains("Read-only") ? "the file system of " + dir + " is read-only" : "cannot write in " + dir + " (" + r + ")";
            }
        } else if (!Files.isWritable(existing)) {
            reason = "no permission to create folders in " + existing;
        }
        if (reason == null && Files.exists(abs) && !Files.isWritable(abs)) {
            reason = "the existing file may not be replaced (no write permission)";
        }
        if (reason != null) {
            throw new IllegalArgumentException(what + " cannot be written: " + reason + ". Choose a location you may write to; nothing was written.");
        }
    }

    /** The path with every existing part's symbolic links resolved (the rest of the path may not exist yet). */
    static Path real(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            missing.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        Path r = existing == null ? abs.getRoot() : existing.toRealPath();
        for (Path name : missing) {
            r = r.resolve(name);
        }
        return r;
    }

    /**
     * The folder that holds a set of input files: their deepest common folder, or each file's own folder when
     * that common folder is a filesystem root (files spread over disks must not forbid writing anywhere).
     */
    public static List<Path> holding(List<Path> files) {
        Path common = null;
        List<Path> parents = new ArrayList<>();
        for (Path f : files) {
            Path parent = f.toAbsolutePath().normalize().getParent();
            if (parent == null || parents.contains(parent)) {
                continue;
            }
            parents.add(parent);
            if (common == null) {
                common = parent;
            }
            while (common != null && !parent.startsWith(common)) {
                common = common.getParent();
            }
        }
        if (common != null && common.getParent() != null) {
            return List.of(common);
        }
        return parents;
    }
}
