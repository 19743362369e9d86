package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors name the file and the reason in plain words: never a bare path or the JDK's own text. */
class PlainMessagesTest {

    @TempDir
    Path dir;

    private static String failing(int code, String... argv) {
        CommandLineRun r = CommandLineRun.of(argv);
        assertEquals(code, r.code(), r.err());
        return r.err();
    }

    @Test
    void aMissingFileIsSaidToBeMissing() {
        String s = failing(1, "similarity", dir.resolve("a.npy").toString(), dir.resolve("b.npy").toString());
        assertTrue(s.contains(dir.resolve("a.npy") + " does not exist; check the path (expected a NumPy .npy array)"), s);
        String a = failing(1, "agreement", dir.resolve("a.csv").toString(), dir.resolve("b.csv").toString());
        assertTrue(a.contains(dir.resolve("a.csv") + " does not exist; check the path (expected a predictions CSV"), a);
    }

    @Test
    void aFolderAPngAndATruncatedArrayGetTheirReason() throws Exception {
        Path png = dir.resolve("x.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        String binary = failing(1, "agreement", png.toString(), png.toString());
        assertTrue(binary.contains(png + " is not a text file (not UTF-8)") && !binary.contains("Input length"), binary);
        String folder = failing(1, "agreement", dir.toString(), dir.toString());
        assertTrue(folder.contains(dir + " is a folder, not a file") && !folder.contains("Is a directory"), folder);
        Path npy = dir.resolve("t.npy");
        Files.write(npy, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x40, 0, '{'});
        String truncated = failing(1, "similarity", npy.toString(), npy.toString());
        assertTrue(truncated.contains(npy + " ends early: it is truncated") && !truncated.contains("EOFException"), truncated);
    }

    @Test
    void aBrokenModelFolderNamesTheFileWithoutLibraryHints() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", images.resolve("a.png").toFile());
        Path model = dir.resolve("bb");
        assertEquals(0, CommandLineRun.of("backbone", "--arch", "torchvision-resnet18", "--random-seed", "1", "--size", "32", "--out",
                model.toString()).code());
        Files.delete(model.resolve("weights.bin"));
        String weights = failing(1, "activations", "--model", model.toString(), "--images", images.toString(), "--out",
                dir.resolve("acts").toString());
        assertTrue(weights.contains(model.resolve("weights.bin") + " does not exist"), weights);
        Files.writeString(model.resolve("model.json"), "{\"architecture\": \n");
        String json = failing(1, "activations", "--model", model.toString(), "--images", images.toString(), "--out",
                dir.resolve("acts").toString());
        assertTrue(json.contains(model.resolve("model.json") + " cannot be read: it is not valid JSON (error at line 2, column 1)"), json);
        assertFalse(json.contains("https://") || json.contains("MalformedJson"), json);
        assertFalse(Files.exists(dir.resolve("acts")));
    }

    @Test
    void anUnknownOptionIsUnknownEvenAtTheEnd() {
        String s = failing(2, "dataset", "--bogus");
        assertTrue(s.contains("unknown option --bogus"), s);
        String v = failing(2, "dataset", "--out");
        assertTrue(v.contains("option --out needs a value"), v);
    }

    @Test
    void tableRowsNameTheirProblem() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (int i = 0; i < 8; i++) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", data.resolve("p" + i + ".png").toFile());
        }
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("table.csv"), "path,label,split\np0.png,a,train\np1.png,b,train\np2.png,a,tset\np3.png,b,test\n");
        String split = failing(1, "dataset", "--source", data.resolve("table.csv").toString(), "--scheme", "given", "--split-column",
                "split", "--out", dir.resolve("m.csv").toString());
        assertTrue(split.contains("Split/fold value 'tset' of sample") && split.contains("p2.png") && split.contains("column 'split'"), split);
        StringBuilder rows = new StringBuilder("path,label\nsub,a\n");
        for (int i = 0; i < 8; i++) {
            rows.append("p").append(i).append(".png,").append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Files.writeString(data.resolve("table.csv"), rows);
        CommandLineRun folderRow = CommandLineRun.of("dataset", "--source", data.resolve("table.csv").toString(), "--folds", "2",
                "--scheme", "stratified",
                "--on-problem", "skip", "--out", dir.resolve("m2.csv").toString());
        assertTrue(folderRow.out().contains("it is a folder, not an image file"), folderRow.out() + folderRow.err());
    }

    @Test
    void aProgrammingErrorIsNotShownAsJavaText() {
        String m = Medtl.describe(new NullPointerException("Cannot invoke \"String.equals(Object)\" because \"this.scheme\" is null"));
        assertTrue(m.startsWith("MedTL could not handle this input (an internal error") && m.contains("MEDTL_DEBUG=1"), m);
        assertTrue(Medtl.describe(new IllegalStateException()).contains("MEDTL_DEBUG=1"));
    }

    @Test
    void aReadOnlyOutputNamesTheChosenFolderNotTheTemporaryOne() {
        String m = Medtl.describe(new FileSystemException("/data/out/.acts.tmp123/conv1.npy", null, "Read-only file system"));
        assertEquals("cannot write in /data/out: the file system is read-only. Choose an output folder on a writable disk.", m);
    }
}
