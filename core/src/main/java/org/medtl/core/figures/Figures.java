package org.medtl.core.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.CombinedRangeCategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.Drawable;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.svg.SVGGraphics2D;
import org.medtl.core.io.TempOutputs;

/**
 * The one place where MedTL's figures get their look and are written: a chart theme for every figure (white
 * background, light grid, the Okabe-Ito colour-blind-safe palette, readable font sizes, category labels that wrap
 * instead of being cut) and one writer that renders the same drawing as PNG and as SVG beside it, each published
 * atomically. The report, the CCA Comparator's figure and the first-layer filter figure all go through here.
 */
public final class Figures {

    /** Okabe and Ito (2008), in the order lines are coloured; yellow last, as it is faint on white. */
    public static final Color[] OKABE_ITO = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xE69F00),
        new Color(0x56B4E9), new Color(0xCC79A7), new Color(0x000000), new Color(0xF0E442)};
    /** Grid lines: visible on screen and in print, never competing with the data. */
    public static final Color GRID = new Color(0xDDDDDD);
    /** The font family of every figure; resolved by Java and by SVG viewers alike. */
    public static final String FONT = Font.SANS_SERIF;
    static final Font TITLE_FONT = new Font(FONT, Font.BOLD, 16);
    static final Font LABEL_FONT = new Font(FONT, Font.PLAIN, 14);
    static final Font TICK_FONT = new Font(FONT, Font.PLAIN, 12);
    /** Category labels wrap onto at most this many lines. */
    static final int LABEL_LINES = 4;
    /** Horizontal room a chart needs besides its categories: range axis, its label and margins. */
    private static final int CHART_MARGIN = 120;

    private Figures() {
    }

    /** What {@link #write} published. */
    public record Written(Path png, Path svg, byte[] pngBytes, int width, int height) {
    }

    /** The font of axis labels and panel titles, for figures drawn without a chart. */
    public static Font labelFont() {
        return LABEL_FONT;
    }

    /** Applies the theme to {@code chart} (in place) and returns it. */
    public static JFreeChart themed(JFreeChart chart) {
        theme().apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 8));
        styleSubplots(chart.getPlot());
        if (chart.getLegend() != null) {
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
            chart.getLegend().setItemFont(TICK_FONT);
        }
        return chart;
    }

    private static StandardChartTheme theme() {
        StandardChartTheme t = new StandardChartTheme("MedTL");
        t.setExtraLargeFont(TITLE_FONT);
        t.setLargeFont(LABEL_FONT);
        t.setRegularFont(TICK_FONT);
        t.setSmallFont(TICK_FONT);
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setPlotOutlinePaint(GRID);
        t.setDomainGridlinePaint(GRID);
        t.setRangeGridlinePaint(GRID);
        t.setAxisLabelPaint(Color.BLACK);
        t.setTickLabelPaint(Color.BLACK);
        t.setLegendItemPaint(Color.BLACK);
        t.setTitlePaint(Color.BLACK);
        t.setSubtitlePaint(Color.DARK_GRAY);
        t.setErrorIndicatorPaint(Color.BLACK);
        t.setShadowVisible(false);
        t.setBarPainter(new StandardBarPainter());
        t.setDrawingSupplier(drawingSupplier());
        return t;
    }

    /** Okabe-Ito colours, solid 2 px lines and round markers, repeated in that order. */
    public static DefaultDrawingSupplier drawingSupplier() {
        Paint[] paints = OKABE_ITO.clone();
        Shape[] shapes = {new Ellipse2D.Double(-4, -4, 8, 8), new Rectangle2D.Double(-3.5, -3.5, 7, 7),
            new java.awt.Polygon(new int[] {0, 4, -4}, new int[] {-4, 4, 4}, 3), new Ellipse2D.Double(-3, -3, 6, 6)};
        return new DefaultDrawingSupplier(paints, new Paint[] {Color.WHITE}, new Paint[] {Color.BLACK},
            new java.awt.Stroke[] {new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)},
            new java.awt.Stroke[] {new BasicStroke(1f)}, shapes);
    }

    private static void styleSubplots(Plot plot) {
        List<CategoryPlot> categoryPlots = categoryPlots(plot);
        for (CategoryPlot cp : categoryPlots) {
            cp.setBackgroundPaint(Color.WHITE);
            cp.setDomainGridlinesVisible(false);
            cp.setRangeGridlinePaint(GRID);
            cp.setOutlineVisible(false);
            CategoryAxis axis = cp.getDomainAxis();
            if (axis != null) {
                axis.setMaximumCategoryLabelLines(LABEL_LINES);
                axis.setMaximumCategoryLabelWidthRatio(1.0f);
                axis.setCategoryMargin(0.15);
                axis.setTickLabelFont(TICK_FONT);
                axis.setLabelFont(LABEL_FONT);
            }
            if (cp.getRenderer() instanceof BarRenderer bar) {
                bar.setItemMargin(0.05);
                bar.setDrawBarOutline(false);
            }
        }
        if (plot instanceof XYPlot xy) {
            xy.setBackgroundPaint(Color.WHITE);
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            xy.setOutlineVisible(false);
        }
    }

    private static List<CategoryPlot> categoryPlots(Plot plot) {
        List<CategoryPlot> out = new ArrayList<>();
        if (plot instanceof CombinedRangeCategoryPlot c) {
            c.getSubplots().forEach(p -> out.add((CategoryPlot) p));
        } else if (plot instanceof CombinedDomainCategoryPlot c) {
            c.getSubplots().forEach(p -> out.add((CategoryPlot) p));
        } else if (plot instanceof CategoryPlot cp) {
            out.add(cp);
        }
        return out;
    }

    /** Whole-number ticks on the x axis of an XY chart (epochs). */
    public static void integerDomainTicks(JFreeChart chart) {
        if (chart.getPlot() instanceof XYPlot xy && xy.getDomainAxis() instanceof NumberAxis axis) {
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
    }

    /**
     * The width a themed category chart needs so that no category label is cut: each category is at least as wide
     * as its longest word (labels wrap between words) and wide enough for its label to fit in {@link #LABEL_LINES} lines.
     */
    public static int widthFor(JFreeChart chart, int width) {
        List<CategoryPlot> plots = categoryPlots(chart.getPlot());
        if (plots.isEmpty()) {
            return width;
        }
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(TICK_FONT);
            double needed = CHART_MARGIN;
            for (CategoryPlot cp : plots) {
                int categories = cp.getCategories() == null ? 0 : cp.getCategories().size();
                double perCategory = 0;
                for (int i = 0; i < categories; i++) {
                    String label = String.valueOf(cp.getCategories().get(i));
                    double longestWord = 0;
                    for (String word : label.split("\\s+")) {
                        longestWord = Math.max(longestWord, fm.stringWidth(word));
                    }
                    // Wrapped lines are never full; budgeting one and a half lines less leaves room for that.
                    perCategory = Math.max(perCategory, Math.max(longestWord, fm.stringWidth(label) / (LABEL_LINES - 1.5)) + 16);
                }
                // Category margins and the axis' lower and upper margins take about a third of the axis.
                needed += categories * perCategory * 1.35 + 20;
            }
            return (int) Math.max(width, Math.ceil(needed));
        } finally {
            g.dispose();
        }
    }

    /** Renders a drawing as PNG bytes. */
    public static byte[] png(Drawable drawing, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            paint(g, drawing, width, height);
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders the same drawing as an SVG document (text stays text, so labels can be searched and edited). */
    public static String svg(Drawable drawing, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        // JFreeSVG names clip paths after the clock by default; a fixed prefix makes the same figure the same file.
        g.setDefsKeyPrefix("medtl-");
        paint(g, drawing, width, height);
        return g.getSVGDocument();
    }

    /** The drawing on a white page, antialiased: the same for every output format. */
    private static void paint(Graphics2D g, Drawable drawing, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        drawing.draw(g, new Rectangle2D.Double(0, 0, width, height));
    }

    /**
     * Writes {@code <name>.png} and {@code <name>.svg} into {@code dir}. Both are rendered to temporary files first
     * and published by atomic moves only when both succeeded, so a failure never leaves one without the other.
     * Charts get a width that keeps every category label whole ({@link #widthFor}).
     */
    public static Written write(Drawable drawing, int width, int height, Path dir, String name) throws IOException {
        int w = drawing instanceof JFreeChart chart ? widthFor(chart, width) : width;
        byte[] png = png(drawing, w, height);
        byte[] svg = svg(drawing, w, height).getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(dir);
        Path pngTmp = TempOutputs.file(dir, "." + name + "-", ".png.tmp");
        Path svgTmp = null;
        try {
            Files.write(pngTmp, png);
            svgTmp = TempOutputs.file(dir, "." + name + "-", ".svg.tmp");
            Files.write(svgTmp, svg);
            Path pngFile = dir.resolve(name + ".png");
            Path svgFile = dir.resolve(name + ".svg");
            TempOutputs.publish(svgTmp, svgFile);
            TempOutputs.publish(pngTmp, pngFile);
            return new Written(pngFile, svgFile, png, w, height);
        } finally {
            TempOutputs.discard(pngTmp);
            if (svgTmp != null) {
                TempOutputs.discard(svgTmp);
            }
        }
    }
}
