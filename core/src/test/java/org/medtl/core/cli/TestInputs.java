package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/** Inputs the command-line tests share: the shipped reader workflow (as is or with one edit), images, and a tree's fingerprint. */
final class TestInputs {

    private TestInputs() {
    }

    /** The shipped one-node workflow (a Dataset Reader on synthetic data); tests run in core/. */
    static Path datasetReaderWorkflow() {
        Path here = Paths.get("").toAbsolutePath();
        Path root = here.resolve("../test-workflows").normalize();
        return (Files.isDirectory(root) ? root : here.resolve("test-workflows")).resolve("node-dataset-reader");
    }

    /** A copy of {@link #datasetReaderWorkflow()} at {@code copy}, with {@code from} replaced by {@code to} in the reader's settings.xml. */
    static Path readerWorkflowCopy(Path copy, String from, String to) throws IOException {
        Path source = datasetReaderWorkflow();
        List<Path> files;
        try (Stream<Path> all = Files.walk(source)) {
            files = all.toList();
        }
        for (Path p : files) {
            Path target = copy.resolve(source.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
        if (from != null) {
            Path settings = copy.resolve("Medical Dataset Reader (#1)").resolve("settings.xml");
            String xml = Files.readString(settings);
            assertTrue(xml.contains(from), copy.getFileName() + ": the shipped settings.xml no longer has " + from);
            Files.writeString(settings, xml.replace(from, to));
        }
        return copy;
    }

    /** A grey PNG of random pixels. */
    static void randomPng(Path file, int size, Random random) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage b = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                b.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        ImageIO.write(b, "png", file.toFile());
    }

    /**
     * Every file and folder under {@code dir} with a fingerprint: content hash, or for files over 1 MB (weights) size and
     * modification time, which keeps a table of cases fast. Equal snapshots: nothing changed, appeared or vanished.
     */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.toList();
        }
        for (Path p : all) {
            String key = dir.relativize(p).toString();
            if (Files.isDirectory(p)) {
                m.put(key, "folder");
            } else if (Files.size(p) > 1 << 20) {
                m.put(key, Files.size(p) + " bytes @" + Files.getLastModifiedTime(p).toMillis());
            } else {
                m.put(key, sha256(Files.readAllBytes(p)));
            }
        }
        return m;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
