package org.medtl.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameSamplesWithPathsRelativeToTheManifest() throws IOException {
        Path data = dir.resolve("data");
        List<Sample> samples = List.of(
                new Sample("a, \"quoted\".png", data.resolve("benign/a, \"quoted\".png"), "", 0, "benign", 0, "P1", List.of(Split.TRAIN, Split.TEST)),
                new Sample("x.npz#train_images:7", data.resolve("x.npz"), "train_images", 7, "malignant", 1, "", List.of(Split.VAL, Split.TRAIN)));
        Manifest m = new Manifest(List.of("benign", "malignant"), samples);
        Path csv = dir.resolve("out/manifest.csv");
        m.write(csv);
        String text = Files.readString(csv);
        assertTrue(text.startsWith("id,path,entry,index,label,label_index,group,fold_0,fold_1\n"), text);
        assertTrue(text.contains("../data/x.npz,train_images,7,malignant,1,,val,train"), text);
        Manifest back = Manifest.read(csv);
        assertEquals(m.classes(), back.classes());
        assertEquals(2, back.foldCount());
        for (int i = 0; i < samples.size(); i++) {
            Sample a = samples.get(i);
            Sample b = back.samples().get(i);
            assertEquals(a, b);
        }
        try (var files = Files.list(csv.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void minimalManifestGetsSortedLabelIndicesAndDefaultIds() throws IOException {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "path\tlabel\nimg/1.png\tzeta\nimg\\2.png\talpha\n");
        Path tsv = dir.resolve("m.tsv");
        Files.move(csv, tsv);
        Manifest m = Manifest.read(tsv);
        assertEquals(List.of("alpha", "zeta"), m.classes());
        assertEquals(1, m.samples().get(0).labelIndex());
        assertEquals("img/1.png", m.samples().get(0).id());
        assertEquals(dir.resolve("img/1.png").toAbsolutePath().normalize(), m.samples().get(0).file());
        assertEquals(dir.resolve("img/2.png").toAbsolutePath().normalize(), m.samples().get(1).file(), "Windows separators");
    }

    @Test
    void badRowsAreReportedWithFileRowAndColumn() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "path,label,label_index,fold_0\na.png,x,0,train\nb.png,y,1,holdout\n");
        IOException e = assertThrows(IOException.class, () -> Manifest.read(csv));
        assertTrue(e.getMessage().contains("row 3") && e.getMessage().contains("fold_0") && e.getMessage().contains("holdout"), e.getMessage());

        Files.writeString(csv, "path,label,label_index\na.png,x,0\nb.png,y,0\n");
        e = assertThrows(IOException.class, () -> Manifest.read(csv));
        assertTrue(e.getMessage().contains("label_index 0"), e.getMessage());

        Files.writeString(csv, "file,label\na.png,x\n");
        e = assertThrows(IOException.class, () -> Manifest.read(csv));
        assertTrue(e.getMessage().contains("'path'"), e.getMessage());
    }

    @Test
    void balanceCountsEverySampleOncePerFold() {
        Path f = dir.resolve("f.png");
        List<Sample> samples = List.of(
                new Sample("1", f, "", 0, "a", 0, "", List.of(Split.TRAIN)),
                new Sample("2", f, "", 0, "b", 1, "", List.of(Split.TEST)),
                new Sample("3", f, "", 0, "b", 1, "", List.of(Split.TRAIN)));
        int[][][] b = new Manifest(List.of("a", "b"), samples).balance();
        assertEquals(1, b[0][Split.TRAIN.ordinal()][0]);
        assertEquals(1, b[0][Split.TRAIN.ordinal()][1]);
        assertEquals(1, b[0][Split.TEST.ordinal()][1]);
        assertEquals(0, b[0][Split.VAL.ordinal()][0]);
        List<Manifest.BalanceRow> rows = new Manifest(List.of("a", "b"), samples).balanceRows();
        assertEquals(6, rows.size());
        assertEquals(new Manifest.BalanceRow(0, Split.TEST, "b", 1, 1), rows.get(5));
    }
}
