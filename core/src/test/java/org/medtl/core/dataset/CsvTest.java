package org.medtl.core.dataset;

import org.medtl.core.io.Csv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.io.Csv;

class CsvTest {

    private static List<List<String>> parse(String text, char delimiter) throws IOException {
        return Csv.readAll(new BufferedReader(new StringReader(text)), delimiter, "test.csv");
    }

    @Test
    void rfc4180QuotingCrlfBomAndBlankLines() throws IOException {
        List<List<String>> rows = parse("\uFEFFa,b\r\n\"x, \"\"y\"\"\",\"multi\nline\"\r\n\r\n,\n", ',');
        assertEquals(List.of(List.of("a", "b"), List.of("x, \"y\"", "multi\nline"), List.of("", "")), rows);
        IOException e = assertThrows(IOException.class, () -> parse("a\n\"open", ','));
        assertTrue(e.getMessage().contains("never closed"), e.getMessage());
    }

    @Test
    void writtenRowsReadBack() throws IOException {
        List<String> row = List.of("plain", "with,comma", "with \"quote\"", " padded ", "", "new\nline");
        StringWriter w = new StringWriter();
        Csv.writeRow(w, row);
        assertEquals(List.of(row), parse(w.toString(), ','));
    }

    @Test
    void splitNamesAndWindowsAreValidated() {
        assertEquals(Split.VAL, Split.parse(" Validation "));
        assertEquals(Split.TRAIN, Split.parse("train"));
        assertThrows(IllegalArgumentException.class, () -> Split.parse("holdout"));
        assertThrows(IllegalArgumentException.class, () -> new Window(40, 0.5));
        assertEquals(FoldScheme.NESTED_GROUP, FoldScheme.fromKey("nested-group"));
        assertEquals(Interpolation.AREA, Interpolation.fromKey("Area"));
    }

    @Test
    void inspectDescribesRasterAndNumpyFiles(@TempDir Path dir) throws IOException {
        Path png = TestImages.write(TestImages.grey16(8, 6), "png", dir.resolve("g16.png"));
        Map<String, Object> info = ImageInspector.inspect(png);
        assertEquals("PNG", info.get("format"));
        assertEquals(6, info.get("rows"));
        assertEquals(16, info.get("bits_per_sample"));
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = (Map<String, Object>) info.get("stored_values");
        assertEquals(0.0, stored.get("min"));
        assertEquals(257.0 * (7 + 2 * 5), stored.get("max"));

        byte[] data = new byte[2 * 3 * 5];
        NpyWriter.writeNpy(dir.resolve("v.npy"), "|u1", new long[] {2, 3, 5}, data);
        Map<String, Object> npy = ImageInspector.inspect(dir.resolve("v.npy"));
        assertEquals(List.of(2L, 3L, 5L), npy.get("shape"));
        assertEquals(2, npy.get("frames"));

        Files.write(dir.resolve("empty.png"), new byte[0]);
        assertTrue(String.valueOf(ImageInspector.inspect(dir.resolve("empty.png")).get("error")).contains("empty"));
    }
}
