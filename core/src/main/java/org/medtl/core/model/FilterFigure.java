package org.medtl.core.model;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ui.Drawable;
import org.medtl.core.figures.Figures;

/**
 * The paper's first-layer filter figure ({@code filter_plot.py} of the study's code): the first convolution's kernel
 * min-max normalised over the whole kernel (all filters and input channels together), then the first 36 filters,
 * input channel 0 only, in a 6 x 6 grid of grey images (0 black, 1 white). One panel per model, side by side.
 * The Pretrained Backbone's port view and the study report both draw it from here.
 */
public final class FilterFigure {

    /** Filters shown, as in the paper. */
    public static final int FILTERS = 36;
    /** Grid columns (and rows): 6 x 6. */
    public static final int COLUMNS = 6;
    /** The input channel shown, as in the paper. */
    public static final int CHANNEL = 0;
    /** Screen pixels per kernel pixel. */
    static final int SCALE = 5;
    /** Gap between filters, and the panel margin. */
    static final int GAP = 3;
    private static final int TITLE_HEIGHT = 26;
    private static final int PANEL_GAP = 24;

    /**
     * One model's filters.
     *
     * @param title  panel title (the model's name)
     * @param height kernel height
     * @param width  kernel width
     * @param grey   per shown filter, its kernel values of input channel {@link #CHANNEL}, row-major, normalised to 0..1
     */
    public record Filters(String title, int height, int width, double[][] grey) {
    }

    private FilterFigure() {
    }

    /** The filters of the model in {@code modelPort} (for a fine-tuning output: its first fold's model). */
    public static Filters read(String title, Path modelPort) throws IOException {
        Path folder = ModelFolder.byFold(modelPort).values().iterator().next();
        ModelDescription d = ModelFolder.readDescription(folder);
        String name = ResNet.stemKernelName(d.spec().layout());
        HostTensor kernel = TensorFile.read(ModelFolder.weightsFile(folder)).get(name);
        if (kernel == null) {
            throw new IOException(folder + ": the weights hold no first convolution '" + name + "'; write the model again with MedTL.");
        }
        return of(title, kernel);
    }

    /** Normalises an OIHW kernel over all its values and keeps the first {@link #FILTERS} filters of channel 0. */
    static Filters of(String title, HostTensor kernel) {
        long[] s = kernel.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException("A convolution kernel has 4 dimensions (out, in, height, width), got " + kernel.shapeText() + ".");
        }
        float[] v = kernel.data();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double range = max - min;
        int in = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        int shown = (int) Math.min(FILTERS, s[0]);
        double[][] grey = new double[shown][h * w];
        for (int o = 0; o < shown; o++) {
            int base = (o * in + CHANNEL) * h * w;
            for (int i = 0; i < h * w; i++) {
                // A constant kernel has no contrast to show: mid grey rather than a division by zero.
                grey[o][i] = range > 0 ? (v[base + i] - min) / range : 0.5;
            }
        }
        return new Filters(title, h, w, grey);
    }

    /** The grey level (0..255) a normalised value is drawn with. */
    static int level(double grey) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, grey)));
    }

    /** Width in pixels of one panel's grid. */
    static int gridWidth(Filters f) {
        return COLUMNS * f.width() * SCALE + (COLUMNS - 1) * GAP;
    }

    /** Height in pixels of one panel's grid: as many rows as its filters fill (fewer than 6 for a narrow first layer). */
    static int gridHeight(Filters f) {
        int rows = Math.max(1, (f.grey().length + COLUMNS - 1) / COLUMNS);
        return rows * f.height() * SCALE + (rows - 1) * GAP;
    }

    /** Top-left pixel of filter {@code k}'s cell within its panel's grid: row-major, 6 per row. */
    static int[] cellOrigin(Filters f, int k) {
        return new int[] {(k % COLUMNS) * (f.width() * SCALE + GAP), (k / COLUMNS) * (f.height() * SCALE + GAP)};
    }

    /** Size of the whole figure for these panels: {width, height}. */
    public static int[] size(List<Filters> panels) {
        int width = PANEL_GAP;
        int height = 0;
        for (Filters f : panels) {
            width += Math.max(gridWidth(f), 150) + PANEL_GAP;
            height = Math.max(height, gridHeight(f));
        }
        return new int[] {width, height + TITLE_HEIGHT + 2 * PANEL_GAP};
    }

    /** Left edge of each panel's grid, and the top of all grids. */
    static int[] panelLeft(List<Filters> panels) {
        int[] left = new int[panels.size()];
        int x = PANEL_GAP;
        for (int i = 0; i < panels.size(); i++) {
            int slot = Math.max(gridWidth(panels.get(i)), 150);
            left[i] = x + (slot - gridWidth(panels.get(i))) / 2;
            x += slot + PANEL_GAP;
        }
        return left;
    }

    static int gridTop() {
        return PANEL_GAP + TITLE_HEIGHT;
    }

    /** The figure as a drawing (vector: one filled square per kernel value), for {@link Figures}. */
    public static Drawable drawing(List<Filters> panels) {
        return (Graphics2D g, Rectangle2D area) -> {
            g.setColor(Color.WHITE);
            g.fill(area);
            int[] left = panelLeft(panels);
            g.setFont(Figures.labelFont());
            FontMetrics fm = g.getFontMetrics();
            for (int p = 0; p < panels.size(); p++) {
                Filters f = panels.get(p);
                g.setColor(Color.BLACK);
                int titleWidth = fm.stringWidth(f.title());
                g.drawString(f.title(), left[p] + (gridWidth(f) - titleWidth) / 2, PANEL_GAP + fm.getAscent());
                for (int k = 0; k < f.grey().length; k++) {
                    int[] o = cellOrigin(f, k);
                    for (int y = 0; y < f.height(); y++) {
                        for (int x = 0; x < f.width(); x++) {
                            int level = level(f.grey()[k][y * f.width() + x]);
                            g.setColor(new Color(level, level, level));
                            g.fillRect(left[p] + o[0] + x * SCALE, gridTop() + o[1] + y * SCALE, SCALE, SCALE);
                        }
                    }
                }
            }
        };
    }

    /**
     * Reads the models and writes {@code <name>.png} and {@code <name>.svg} into {@code dir}.
     *
     * @param models panel title -> model port (a model folder or a fine-tuning output)
     */
    public static Figures.Written write(Map<String, Path> models, Path dir, String name) throws IOException {
        List<Filters> panels = new java.util.ArrayList<>();
        for (Map.Entry<String, Path> e : models.entrySet()) {
            panels.add(read(e.getKey(), e.getValue()));
        }
        int[] size = size(panels);
        return Figures.write(drawing(panels), size[0], size[1], dir, name);
    }

    /** The figure of one model as PNG bytes (the Pretrained Backbone's port view). */
    public static byte[] png(String title, Path modelPort) throws IOException {
        List<Filters> panels = List.of(read(title, modelPort));
        int[] size = size(panels);
        return Figures.png(drawing(panels), size[0], size[1]);
    }
}
