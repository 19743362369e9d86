package org.medtl.core.activations;

import org.junit.jupiter.api.Test;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.WeightSource;

import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void extractionSettingsRoundTripThroughConfig() throws Exception {
        ExtractionSettings s = new ExtractionSettings(List.of("conv1_relu", "conv5_block3_out"), Spatial.parse("subsample:500"), 64, 7,
                ExtractionSettings.ImageCount.STUDY, 8, "cpu");
        MapConfig c = new MapConfig();
        s.toConfig(c);
        assertEquals(s, ExtractionSettings.fromConfig(c));
        c.addString(ExtractionSettings.KEY_SPATIAL, "corners");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ExtractionSettings.fromConfig(c));
        assertTrue(e.getMessage().contains("corners"), e.getMessage());
    }

    @Test
    void backboneSettingsRoundTripAndNameTheBadSetting() throws Exception {
        BackboneSettings s = new BackboneSettings("keras-resnet50", WeightSource.KERAS_H5, Paths.get("RadImageNet-ResNet50_notop.h5"), 0,
                "caffe255", 224);
        MapConfig c = new MapConfig();
        s.toConfig(c);
        assertEquals(s, BackboneSettings.fromConfig(c));
        c.addString(BackboneSettings.KEY_PREPROCESSING, "imagenet");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> BackboneSettings.fromConfig(c));
        assertTrue(e.getMessage().contains(BackboneSettings.KEY_PREPROCESSING), e.getMessage());
        assertEquals(WeightSource.PTH, WeightSource.ofFile(Paths.get("resnet50-0676ba61.pth")));
        assertThrows(IllegalArgumentException.class, () -> new BackboneSettings("keras-resnet50", WeightSource.PTH, null, 0, "caffe", 0));
    }

    @Test
    void spatialTextForms() {
        assertEquals(new Spatial(Spatial.Mode.SUBSAMPLE, 10_000), Spatial.parse("subsample"));
        assertEquals("subsample:25", Spatial.parse("subsample:25").key());
        assertEquals(Spatial.Mode.AVGPOOL, Spatial.parse("avgpool").mode());
        assertThrows(IllegalArgumentException.class, () -> Spatial.parse("subsample:0"));
    }
}
