package org.medtl.core.training;

import org.junit.jupiter.api.Test;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FineTuneSettingsTest {

    @Test
    void defaultsAreTheStudysProtocol() {
        FineTuneSettings s = FineTuneSettings.builder().build();
        assertEquals(FineTuneSettings.Optimizer.ADAM, s.optimizer());
        assertEquals(1e-5, s.learningRate());
        assertEquals(200, s.epochs());
        assertEquals(FineTuneSettings.Monitor.VAL_LOSS, s.monitor());
        assertEquals(30, s.patience());
        assertEquals(1e-3, s.headLearningRate());
        assertEquals(FineTuneSettings.Monitor.VAL_ACCURACY, s.headMonitor());
        assertEquals(10, s.headPatience());
        assertEquals(0.5, s.dropout());
        assertTrue(s.augment() && s.horizontalFlip() && s.restoreBest());
    }

    @Test
    void configRoundTrip() throws Exception {
        FineTuneSettings s = FineTuneSettings.builder().mode("from-stage:conv4").folds(List.of("0", "2"))
                .optimizer(FineTuneSettings.Optimizer.SGD).schedule(FineTuneSettings.Schedule.COSINE)
                .monitor(FineTuneSettings.Monitor.VAL_AUC).classWeights("1,2.5").seed(-3).initSeed(99).device("gpu:0,1")
                .horizontalFlip(false).aucAverage("weighted").build();
        MapConfig c = new MapConfig();
        s.toConfig(c);
        assertEquals(s, FineTuneSettings.fromConfig(c));
        assertEquals("from-stage:conv4", c.getString("mode"));
    }

    @Test
    void badValuesNameTheSetting() {
        MapConfig c = new MapConfig();
        c.addString("optimizer", "rmsprop");
        assertTrue(assertThrows(InvalidConfigException.class, () -> FineTuneSettings.fromConfig(c)).getMessage()
                .contains("'optimizer'"));
        MapConfig d = new MapConfig();
        d.addString("mode", "half");
        assertTrue(assertThrows(InvalidConfigException.class, () -> FineTuneSettings.fromConfig(d)).getMessage()
                .contains("from-stage:NAME"));
        MapConfig e = new MapConfig();
        e.addInt("batch", 0);
        assertTrue(assertThrows(InvalidConfigException.class, () -> FineTuneSettings.fromConfig(e)).getMessage()
                .contains("'batch'"));
        assertThrows(IllegalArgumentException.class, () -> FineTuneSettings.builder().classWeights("1,-1").build());
    }

    @Test
    void schedulesPerEpoch() {
        EpochSchedule step = new EpochSchedule(FineTuneSettings.Schedule.STEP, 0.1, 100, 30, 0.5);
        assertEquals(0.1, step.rate(29), 1e-15);
        assertEquals(0.05, step.rate(30), 1e-15);
        assertEquals(0.025, step.rate(60), 1e-15);
        EpochSchedule cosine = new EpochSchedule(FineTuneSettings.Schedule.COSINE, 0.1, 10, 1, 1);
        assertEquals(0.1, cosine.rate(0), 1e-15);
        assertEquals(0.05, cosine.rate(5), 1e-12);
        assertEquals(new EpochSchedule(FineTuneSettings.Schedule.CONSTANT, 0.1, 10, 1, 1).rate(9), 0.1);
    }

    @Test
    void balancedClassWeightsAsSklearn() {
        // sklearn compute_class_weight('balanced', classes=[0,1,2], y=[0,0,0,0,1,1,2,2,2,2]) = n / (C * n_c)
        float[] w = ClassWeights.resolve("balanced", 3, new int[] {0, 0, 0, 0, 1, 1, 2, 2, 2, 2});
        assertEquals(10 / 12.0, w[0], 1e-6);
        assertEquals(10 / 6.0, w[1], 1e-6);
        assertEquals(10 / 12.0, w[2], 1e-6);
    }
}
