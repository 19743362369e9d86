package org.medtl.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.figures.Figures;

class FilterFigureTest {

    private static final int OUT = 40;
    private static final int IN = 3;
    private static final int K = 7;

    /**
     * A 40 x 3 x 7 x 7 kernel: channel 0 of filter o holds o*49 + y*7 + x; the whole kernel's minimum (-1000) and
     * maximum (5000) sit in channels 1 and 2, so channel 0 is normalised by them, not by its own range.
     */
    private static HostTensor kernel() {
        float[] v = new float[OUT * IN * K * K];
        for (int o = 0; o < OUT; o++) {
            for (int y = 0; y < K; y++) {
                for (int x = 0; x < K; x++) {
                    v[((o * IN) * K + y) * K + x] = o * 49 + y * 7 + x;
                }
            }
        }
        v[((5 * IN + 1) * K + 3) * K + 3] = -1000;
        v[((39 * IN + 2) * K) * K] = 5000;
        return new HostTensor(new long[] {OUT, IN, K, K}, v);
    }

    private static double expected(int o, int y, int x) {
        return (o * 49 + y * 7 + x + 1000) / 6000.0;
    }

    @Test
    void normalisesOverTheWholeKernelAndKeepsTheFirst36FiltersOfChannel0() {
        FilterFigure.Filters f = FilterFigure.of("ImageNet", kernel());
        assertEquals(36, f.grey().length);
        assertEquals(7, f.height());
        for (int o = 0; o < 36; o++) {
            for (int y = 0; y < K; y++) {
                for (int x = 0; x < K; x++) {
                    assertEquals(expected(o, y, x), f.grey()[o][y * K + x], 1e-12, "filter " + o + " (" + y + ", " + x + ")");
                }
            }
        }
    }

    @Test
    void drawsA6By6GreyGridRowMajor() throws Exception {
        FilterFigure.Filters f = FilterFigure.of("ImageNet", kernel());
        List<FilterFigure.Filters> panels = List.of(f, FilterFigure.of("RadImageNet", kernel()));
        int[] size = FilterFigure.size(panels);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Figures.png(FilterFigure.drawing(panels), size[0], size[1])));
        int[] left = FilterFigure.panelLeft(panels);
        for (int p = 0; p < 2; p++) {
            for (int o : new int[] {0, 5, 7, 35}) {
                int[] cell = FilterFigure.cellOrigin(f, o);
                // Filter o is in row o / 6, column o % 6.
                assertEquals((o % 6) * (K * FilterFigure.SCALE + FilterFigure.GAP), cell[0]);
                assertEquals((o / 6) * (K * FilterFigure.SCALE + FilterFigure.GAP), cell[1]);
                for (int[] yx : new int[][] {{0, 0}, {3, 4}, {6, 6}}) {
                    int px = left[p] + cell[0] + yx[1] * FilterFigure.SCALE + FilterFigure.SCALE / 2;
                    int py = FilterFigure.gridTop() + cell[1] + yx[0] * FilterFigure.SCALE + FilterFigure.SCALE / 2;
                    int rgb = img.getRGB(px, py) & 0xffffff;
                    int grey = (int) Math.round(255 * expected(o, yx[0], yx[1]));
                    assertEquals(grey * 0x010101, rgb, "panel " + p + ", filter " + o + " at " + yx[0] + "," + yx[1]);
                }
            }
        }
        // Six rows only: below the grid there is nothing but white.
        int below = FilterFigure.gridTop() + FilterFigure.gridHeight(f) + 2;
        assertTrue(below < size[1]);
        assertEquals(0xffffff, img.getRGB(left[0] + 2, below) & 0xffffff);
    }

    @Test
    void aFirstLayerOf16FiltersIsShownWholeInThreeRows() {
        // The quick study's narrow ResNet-18 has 16 stem filters: all of them, rows of 6, and no empty rows below.
        float[] values = new float[16 * 3 * 49];
        for (int k = 0; k < values.length; k++) {
            values[k] = k;
        }
        FilterFigure.Filters narrow = FilterFigure.of("narrow", new HostTensor(new long[] {16, 3, 7, 7}, values));
        assertEquals(16, narrow.grey().length);
        assertEquals(3 * 7 * FilterFigure.SCALE + 2 * FilterFigure.GAP, FilterFigure.gridHeight(narrow));
        assertEquals(FilterFigure.gridHeight(FilterFigure.of("full", kernel())) - 3 * (7 * FilterFigure.SCALE + FilterFigure.GAP),
                FilterFigure.gridHeight(narrow));
        assertEquals(FilterFigure.cellOrigin(narrow, 15)[1], 2 * (7 * FilterFigure.SCALE + FilterFigure.GAP), "filter 15 in the third row");
    }

    @Test
    void aConstantKernelIsMidGreyNotADivisionByZero() {
        FilterFigure.Filters f = FilterFigure.of("flat", new HostTensor(new long[] {2, 1, 3, 3}, new float[18]));
        assertEquals(2, f.grey().length);
        assertEquals(0.5, f.grey()[1][4]);
    }

    @Test
    void writesPngAndSvgBesideIt(@TempDir Path dir) throws Exception {
        List<FilterFigure.Filters> panels = List.of(FilterFigure.of("ImageNet", kernel()));
        int[] size = FilterFigure.size(panels);
        Figures.Written w = Figures.write(FilterFigure.drawing(panels), size[0], size[1], dir, "filters");
        assertEquals(dir.resolve("filters.png"), w.png());
        String svg = Files.readString(w.svg());
        assertTrue(svg.contains("<svg") && svg.contains("ImageNet"), "the SVG holds the drawing, titles as text");
        // The filter with the kernel's largest shown value (35, at 6,6) is drawn as a vector square in its grey.
        String grey = String.format("rgb(%1$d,%1$d,%1$d)", (int) Math.round(255 * expected(35, 6, 6)));
        assertTrue(svg.contains(grey), grey);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("filters.png", "filters.svg"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                "no temporary file is left");
        }
    }
}
