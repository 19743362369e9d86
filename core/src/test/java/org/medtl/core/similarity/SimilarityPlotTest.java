package org.medtl.core.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedRangeCategoryPlot;
import org.junit.jupiter.api.Test;
import org.medtl.core.figures.Figures;

class SimilarityPlotTest {

    static LayerSimilarity row(String layer, double mean, double std) {
        return new LayerSimilarity(layer, SimilarityMeasure.CCA, null, mean, std, new double[] {mean}, 100, 64, 64, List.of(), List.of());
    }

    @Test
    void onePointPerLayerAtTheMeanWithItsStd() {
        Map<String, List<SimilarityPlot.Point>> series = new LinkedHashMap<>();
        series.put("IN vs RIN", SimilarityPlot.points(List.of(row("conv1_relu", 0.9, 0.02), row("conv2_block3_out", 0.5, 0.05))));
        JFreeChart chart = SimilarityPlot.chart("CCA similarity", series);
        CategoryPlot panel = (CategoryPlot) ((CombinedRangeCategoryPlot) chart.getPlot()).getSubplots().get(0);
        var data = (org.jfree.data.statistics.StatisticalCategoryDataset) panel.getDataset();
        assertEquals(List.of("conv1_relu", "conv2_block3_out"), data.getColumnKeys());
        assertEquals(0.9, data.getMeanValue("IN vs RIN", "conv1_relu").doubleValue());
        assertEquals(0.05, data.getStdDevValue("IN vs RIN", "conv2_block3_out").doubleValue());
    }

    @Test
    void panelsShareTheYAxisAndEveryPairHasItsOwnColour() {
        Map<String, Map<String, List<SimilarityPlot.Point>>> panels = new LinkedHashMap<>();
        panels.put("A", Map.of("ImageNet \u2013 ImageNet-FT", List.of(new SimilarityPlot.Point("conv1_relu", 0.8, 0.1))));
        panels.put("B", Map.of("ImageNet \u2013 RadImageNet", List.of(new SimilarityPlot.Point("conv1_relu", 0.3, 0.1))));
        JFreeChart chart = SimilarityPlot.panels("CCA", "mean CCA", panels);
        CombinedRangeCategoryPlot plot = (CombinedRangeCategoryPlot) chart.getPlot();
        assertEquals(2, plot.getSubplots().size());
        assertEquals(1.05, plot.getRangeAxis().getUpperBound());
        assertEquals(Figures.OKABE_ITO[0], ((CategoryPlot) plot.getSubplots().get(0)).getRenderer().getSeriesPaint(0));
        assertEquals(Figures.OKABE_ITO[1], ((CategoryPlot) plot.getSubplots().get(1)).getRenderer().getSeriesPaint(0));
        assertEquals(2, chart.getLegend() == null ? 0 : plot.getLegendItems().getItemCount());
    }
}
