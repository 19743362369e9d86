package org.medtl.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain-words reasons for the ways reading an input file fails, so that no message is a bare path or Java's
 * own exception text ("Is a directory", "Input length = 1", "java.io.EOFException", gson's hints).
 */
public final class InputFiles {

    private static final Pattern JSON_POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private InputFiles() {
    }

    /** Reads one input file, turning the JDK's raw failures into a message that names the file and the reason. */
    public static <T> T read(Path file, String expected, Reading<T> reading) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not a file; give the file itself (expected " + expected + ").");
        }
        try {
            return reading.read();
        } catch (IOException e) {
            throw explain(e, file, expected);
        }
    }

    /** Fails, naming the folder and what was expected there, when {@code folder} does not exist or is a file. */
    public static void requireFolder(Path folder, String expected) throws IOException {
        if (!Files.exists(folder)) {
            throw new IOException(folder + " does not exist; check the path (expected " + expected + ").");
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + " is a file, not a folder (expected " + expected + ").");
        }
    }

    /** What reading does; may throw the JDK's own exceptions. */
    @FunctionalInterface
    public interface Reading<T> {
        T read() throws IOException;
    }

    /** The same failure told in plain words, or {@code e} itself when it already says what is wrong. */
    public static IOException explain(IOException e, Path file, String expected) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = file + " does not exist; check the path (expected " + expected + ").";
        } else if (e instanceof AccessDeniedException) {
            reason = file + " cannot be read: no permission. Ask for read access or copy it somewhere readable.";
        } else if (e instanceof CharacterCodingException) {
            reason = file + " is not a text file (not UTF-8), so it cannot be " + expected + "; is it an image or other binary file?";
        } else if (e instanceof EOFException) {
            reason = file + " ends early: it is truncated or still being written (expected " + expected + "); write it again.";
        } else if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("directory")) {
            reason = file + " is a folder, not a file; give the file itself (expected " + expected + ").";
        } else {
            return e;
        }
        return new IOException(reason, e);
    }

    /** A JSON syntax error of gson as "line L, column C", without gson's advice and web address. */
    public static String jsonError(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        Matcher p = JSON_POSITION.matcher(m);
        return p.find() ? "it is not valid JSON (error at line " + p.group(1) + ", column " + p.group(2) + ")"
                : "it is not valid JSON";
    }
}
