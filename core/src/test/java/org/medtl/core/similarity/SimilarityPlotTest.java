package org.medtl.core.similarity;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SimilarityPlotTest {

    static LayerSimilarity row(String layer, double mean, double std) {
        return new LayerSimilarity(layer, SimilarityMeasure.CCA, null, mean, std, new double[] {mean}, 100, 64, 64, List.of(), List.of());
    }

    @Test
    void drawsOneMarkerPerLayerAtTheMean() throws Exception {
        Map<String, List<LayerSimilarity>> series = new LinkedHashMap<>();
        series.put("IN vs RIN", List.of(row("conv1_relu", 0.9, 0.02), row("conv2_block3_out", 0.5, 0.05)));
        byte[] png = SimilarityPlot.png("CCA similarity", series, 600, 400);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(600, img.getWidth());
        // Plot area: left 60, width 520, two layers -> marker x at 60 + 130 = 190; y of 0.9 = 40 + 290 - 261 = 69.
        assertNotEquals(0xffffff, img.getRGB(190, 69) & 0xffffff);
        assertEquals(0xffffff, img.getRGB(190, 200) & 0xffffff);
    }
}
