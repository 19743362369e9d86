package org.medtl.core.similarity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedRangeCategoryPlot;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.medtl.core.figures.Figures;

/**
 * The paper's figure: similarity per layer (x: layers in network order, y: 0..1), one line per series (a pair of
 * models, or a measure), markers at the mean and bars of plus/minus one standard deviation; optionally in panels
 * side by side on one y axis, as the paper's two-panel CCA figure.
 */
public final class SimilarityPlot {

    /** Similarity at one layer: mean and standard deviation (over folds or repeats). */
    public record Point(String layer, double mean, double std) {
    }

    private SimilarityPlot() {
    }

    /** One panel: legend label -> points in layer order. */
    public static JFreeChart chart(String title, Map<String, List<Point>> series) {
        Map<String, Map<String, List<Point>>> one = new LinkedHashMap<>();
        one.put("layer", series);
        return panels(title, "similarity", one);
    }

    /**
     * Panels side by side sharing the y axis (0..1).
     *
     * @param panels panel title (shown as its x axis label) -> legend label -> points in layer order
     */
    public static JFreeChart panels(String title, String yLabel, Map<String, Map<String, List<Point>>> panels) {
        NumberAxis y = new NumberAxis(yLabel);
        y.setRange(0, 1.05);
        CombinedRangeCategoryPlot combined = new CombinedRangeCategoryPlot(y);
        combined.setGap(16);
        for (Map.Entry<String, Map<String, List<Point>>> panel : panels.entrySet()) {
            DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
            panel.getValue().forEach((label, points) -> points.forEach(p -> data.add(p.mean(), finiteOrZero(p.std()), label, p.layer())));
            StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(true, true);
            renderer.setDefaultSeriesVisibleInLegend(true);
            combined.add(new CategoryPlot(data, new CategoryAxis(panel.getKey()), null, renderer), 1);
        }
        JFreeChart chart = Figures.themed(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true));
        // One colour per pair across all panels, so a legend entry names one line only.
        int colour = 0;
        for (Object subplot : combined.getSubplots()) {
            CategoryPlot panel = (CategoryPlot) subplot;
            for (int s = 0; s < panel.getDataset().getRowCount(); s++) {
                panel.getRenderer().setSeriesPaint(s, Figures.OKABE_ITO[colour++ % Figures.OKABE_ITO.length]);
            }
        }
        return chart;
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** The points of comparison rows, in their order. */
    public static List<Point> points(List<LayerSimilarity> rows) {
        return rows.stream().map(r -> new Point(r.layer(), r.mean(), r.std())).toList();
    }

}
