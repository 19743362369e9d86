package org.medtl.core.similarity;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's figure: similarity per layer (x: layers in network order, y: 0..1), one line per series
 * (for instance a pair of models, or a measure), markers at the mean and bars of plus/minus one std.
 */
public final class SimilarityPlot {

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private SimilarityPlot() {
    }

    /**
     * Renders the figure.
     *
     * @param title  figure title (e.g. "CCA similarity, chest")
     * @param series legend label -> rows (one per layer; rows of other layers or measures are drawn as given)
     */
    public static BufferedImage render(String title, Map<String, List<LayerSimilarity>> series, int width, int height) {
        List<String> layers = new ArrayList<>(new LinkedHashSet<>(series.values().stream().flatMap(List::stream)
                .map(LayerSimilarity::layer).toList()));
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            int left = 60;
            int right = 20;
            int top = 40;
            int bottom = 70;
            int pw = width - left - right;
            int ph = height - top - bottom;
            g.setColor(Color.BLACK);
            g.setFont(font.deriveFont(Font.BOLD, 14f));
            g.drawString(title, left, 24);
            g.setFont(font);
            // y axis 0..1 with grid
            for (int i = 0; i <= 5; i++) {
                double v = i / 5.0;
                int y = top + ph - (int) Math.round(v * ph);
                g.setColor(new Color(0xe0e0e0));
                g.drawLine(left, y, left + pw, y);
                g.setColor(Color.BLACK);
                String label = String.format(Locale.ROOT, "%.1f", v);
                g.drawString(label, left - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
            }
            g.drawLine(left, top, left, top + ph);
            g.drawLine(left, top + ph, left + pw, top + ph);
            double step = layers.isEmpty() ? 0 : (double) pw / layers.size();
            for (int i = 0; i < layers.size(); i++) {
                int x = left + (int) Math.round(step * (i + 0.5));
                g.drawLine(x, top + ph, x, top + ph + 4);
                String l = layers.get(i);
                g.drawString(l, x - fm.stringWidth(l) / 2, top + ph + 18);
            }
            int s = 0;
            int legendX = left;
            for (Map.Entry<String, List<LayerSimilarity>> e : series.entrySet()) {
                Color c = PALETTE[s % PALETTE.length];
                g.setColor(c);
                g.setStroke(new BasicStroke(2f));
                int px = -1;
                int py = -1;
                for (LayerSimilarity row : e.getValue()) {
                    int i = layers.indexOf(row.layer());
                    int x = left + (int) Math.round(step * (i + 0.5)) + (s - series.size() / 2) * 3;
                    int y = yOf(row.mean(), top, ph);
                    if (Double.isFinite(row.std())) {
                        g.setStroke(new BasicStroke(1f));
                        g.drawLine(x, yOf(row.mean() - row.std(), top, ph), x, yOf(row.mean() + row.std(), top, ph));
                        g.setStroke(new BasicStroke(2f));
                    }
                    g.fillOval(x - 4, y - 4, 8, 8);
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    }
                    px = x;
                    py = y;
                }
                int ly = height - 22;
                g.fillRect(legendX, ly - 8, 14, 8);
                g.setColor(Color.BLACK);
                g.drawString(e.getKey(), legendX + 18, ly);
                legendX += 18 + fm.stringWidth(e.getKey()) + 24;
                s++;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static int yOf(double v, int top, int ph) {
        double c = Math.max(-0.05, Math.min(1.05, v));
        return top + ph - (int) Math.round(c * ph);
    }

    /** The figure as PNG bytes. */
    public static byte[] png(String title, Map<String, List<LayerSimilarity>> series, int width, int height) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(render(title, series, width, height), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
