package org.medtl.core.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {

    @TempDir
    Path dir;

    private static List<String> texts(String svg) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1).replace("&amp;", "&"));
        }
        return out;
    }

    @Test
    void longCategoryLabelsWrapWholeNeverCut() throws Exception {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String label = "synthetic-ultrasound-" + i + " \u2014 ImageNet-FT vs RadImageNet-FT (two independently initialised networks)";
            labels.add(label);
            data.addValue(0.5, "observed", label);
        }
        JFreeChart chart = Figures.themed(ChartFactory.createBarChart("Agreement", "dataset \u2014 pair", "fraction", data,
            PlotOrientation.VERTICAL, true, false, false));
        Figures.Written w = Figures.write(chart, 760, 420, dir, "agreement");
        assertTrue(w.width() > 760, "the chart grows instead of cutting labels: " + w.width());
        String all = String.join(" ", texts(Files.readString(w.svg())));
        assertFalse(all.contains("..."), "no label is truncated with an ellipsis");
        for (String label : labels) {
            // Wrapped lines are separate text elements; every word appears whole.
            for (String word : label.split(" ")) {
                assertTrue(all.contains(word), word);
            }
        }
        assertTrue(Files.isRegularFile(w.png()));
    }

    @Test
    void okabeItoColoursWhiteBackgroundLightGrid() throws Exception {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String series : List.of("a", "b", "c")) {
            data.addValue(0.4, series, "x");
        }
        JFreeChart chart = Figures.themed(ChartFactory.createLineChart("t", "layer", "y", data, PlotOrientation.VERTICAL, true, false, false));
        String svg = Figures.svg(chart, 600, 400);
        for (int i = 0; i < 3; i++) {
            java.awt.Color c = Figures.OKABE_ITO[i];
            String rgb = String.format(Locale.ROOT, "rgb(%d,%d,%d)", c.getRed(), c.getGreen(), c.getBlue());
            assertTrue(svg.contains(rgb), "series " + i + " in " + rgb);
        }
        assertTrue(svg.contains("rgb(221,221,221)"), "light grid");
        assertEquals(svg, Figures.svg(chart, 600, 400), "the same figure is the same SVG (no clock-named clip paths)");
        assertFalse(svg.contains("rgb(192,192,192)"), "no default grey grid or background");
    }

    @Test
    void epochAxisHasWholeNumberTicks() {
        XYSeries s = new XYSeries("fold 0 train");
        for (int e = 1; e <= 4; e++) {
            s.add(e, 1.0 / e);
        }
        JFreeChart chart = Figures.themed(ChartFactory.createXYLineChart("Loss", "epoch", "loss", new XYSeriesCollection(s),
            PlotOrientation.VERTICAL, true, false, false));
        Figures.integerDomainTicks(chart);
        List<String> ticks = texts(Figures.svg(chart, 600, 400));
        assertTrue(ticks.contains("1") && ticks.contains("4"), ticks.toString());
        assertFalse(ticks.contains("1.5") || ticks.contains("2.5") || ticks.contains("1.25"), ticks.toString());
    }
}
