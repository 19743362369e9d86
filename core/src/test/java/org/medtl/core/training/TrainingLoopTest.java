package org.medtl.core.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.medtl.core.runtime.DeviceChoice;
import org.medtl.core.runtime.DjlRuntime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLoopTest {

    private static final int SIZE = 16;
    private static final DeviceChoice CPU = new DeviceChoice(List.of(Device.cpu()), "test");
    private static final SyntheticShapes DATA = new SyntheticShapes(160, SIZE, 7);

    private static FineTuneSettings settings(double lr) {
        return FineTuneSettings.builder().learningRate(lr).batchSize(16).device("cpu").build();
    }

    private static StagePlan plan(Set<String> trainable, int epochs, FineTuneSettings.Monitor monitor, int patience, double lr) {
        return new StagePlan("finetune", trainable, lr, epochs, monitor, patience);
    }

    @Test
    void learnsSeparableShapesAndReportsHistory() {
        DjlRuntime.run(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
                StagedBlocks net = TinyNetworks.build(m, 2, SIZE, 1);
                TrainingLoop loop = new TrainingLoop(CPU, settings(1e-2), 2);
                HistoryRecorder history = new HistoryRecorder();
                int epochs = loop.train("1", plan(net.all(), 40, FineTuneSettings.Monitor.VAL_LOSS, 0, 1e-2), net,
                        InMemoryFeed.slice(DATA, 0, 120, 16, true, 3), InMemoryFeed.slice(DATA, 120, 160, 16, false, 0),
                        new float[] {1, 1}, List.of(history));
                assertEquals(40, epochs);
                List<EpochRecord> rows = history.rows();
                assertEquals(40, rows.size());
                EpochRecord last = rows.get(39);
                assertTrue(last.valAuc() >= 0.9, "val AUC " + rows);
                assertTrue(last.trainLoss() < rows.get(0).trainLoss(), rows.toString());
                assertEquals("cpu()", last.device());
            }
        });
    }

    @Test
    void frozenStagesKeepWeightsAndBatchNormStatistics() {
        DjlRuntime.run(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
                StagedBlocks net = TinyNetworks.build(m, 2, SIZE, 2);
                ParameterSnapshot before = ParameterSnapshot.of(net);
                new TrainingLoop(CPU, settings(1e-2), 2).train("1",
                        plan(Set.of(Network.HEAD), 2, FineTuneSettings.Monitor.VAL_LOSS, 0, 1e-2), net,
                        InMemoryFeed.slice(DATA, 0, 64, 16, true, 3), InMemoryFeed.slice(DATA, 120, 160, 16, false, 0),
                        new float[] {1, 1}, List.of());
                ParameterSnapshot after = ParameterSnapshot.of(net);
                int frozen = 0;
                int changed = 0;
                for (Map.Entry<String, float[]> e : before.values().entrySet()) {
                    boolean same = Arrays.equals(e.getValue(), after.get(e.getKey()));
                    if (e.getKey().startsWith("head/")) {
                        changed += same ? 0 : 1;
                    } else {
                        assertTrue(same, e.getKey() + " changed although its stage was frozen");
                        frozen++;
                    }
                }
                assertTrue(frozen >= 8, "weights, biases and BatchNorm statistics of both stages: " + frozen);
                assertEquals(2, changed, "dense weight and bias of the head train");
            }
        });
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        DjlRuntime.run(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
                StagedBlocks net = TinyNetworks.build(m, 2, SIZE, 3);
                List<ParameterSnapshot> perEpoch = new ArrayList<>();
                TrainingListener snapshots = new TrainingListener() {
                    @Override
                    public void onEpochEnd(StageContext stage, EpochRecord record) {
                        perEpoch.add(ParameterSnapshot.of(stage.network()));
                    }
                };
                EarlyStopping stopping = new EarlyStopping(true);
                HistoryRecorder history = new HistoryRecorder();
                // A large SGD step makes validation loss bounce, so patience 1 stops before the limit.
                FineTuneSettings s = settings(0.5).toBuilder().optimizer(FineTuneSettings.Optimizer.SGD).build();
                int run = new TrainingLoop(CPU, s, 2).train("1", plan(net.all(), 12, FineTuneSettings.Monitor.VAL_LOSS, 1, 0.5),
                        net, InMemoryFeed.slice(DATA, 0, 96, 16, true, 5), InMemoryFeed.slice(DATA, 120, 160, 16, false, 0),
                        new float[] {1, 1}, List.of(snapshots, history, stopping));
                assertTrue(run < 12, "patience 1 should stop before 12 epochs: " + history.rows());
                int best = 0;
                for (EpochRecord r : history.rows()) {
                    if (best == 0 || r.valLoss() < history.rows().get(best - 1).valLoss()) {
                        best = r.epoch();
                    }
                }
                assertEquals(best, stopping.bestEpoch());
                assertTrue(best < run, "the last epoch is never the best when patience stops the stage");
                ParameterSnapshot now = ParameterSnapshot.of(net);
                for (Map.Entry<String, float[]> e : perEpoch.get(best - 1).values().entrySet()) {
                    assertArrayEquals(e.getValue(), now.get(e.getKey()), e.getKey());
                }
            }
        });
    }

    @Test
    void cancelStopsWithinOneBatch() {
        DjlRuntime.run(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
                StagedBlocks net = TinyNetworks.build(m, 2, SIZE, 4);
                AtomicInteger asked = new AtomicInteger();
                AtomicInteger batches = new AtomicInteger();
                TrainingListener counter = new TrainingListener() {
                    @Override
                    public void onBatchEnd(StageContext stage, int epoch, int batch) {
                        batches.incrementAndGet();
                    }
                };
                CancellationCheck cancel = new CancellationCheck(() -> asked.incrementAndGet() > 3);
                assertThrows(TrainingCancelledException.class, () -> new TrainingLoop(CPU, settings(1e-3), 2).train("1",
                        plan(net.all(), 5, FineTuneSettings.Monitor.VAL_LOSS, 0, 1e-3), net,
                        InMemoryFeed.slice(DATA, 0, 96, 16, true, 5), InMemoryFeed.slice(DATA, 120, 160, 16, false, 0),
                        new float[] {1, 1}, List.of(counter, cancel)));
                assertEquals(4, batches.get(), "the fourth batch's check cancels");
            }
        });
    }

    @Test
    void sameSeedSameWeightsAndPredictions() {
        float[][] first = runOnce();
        float[][] second = runOnce();
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], "image " + i);
        }
        assertFalse(Arrays.equals(first[0], new float[first[0].length]));
    }

    private static float[][] runOnce() {
        return DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
                StagedBlocks net = TinyNetworks.build(m, 2, SIZE, 11);
                TrainingLoop loop = new TrainingLoop(CPU, settings(1e-2), 2);
                loop.train("1", plan(net.all(), 2, FineTuneSettings.Monitor.VAL_LOSS, 0, 1e-2), net,
                        InMemoryFeed.slice(DATA, 0, 64, 16, true, 9), InMemoryFeed.slice(DATA, 120, 160, 16, false, 0),
                        new float[] {1, 1}, List.of());
                return loop.predict(net, InMemoryFeed.slice(DATA, 64, 96, 8, false, 0), b -> { }).probabilities();
            }
        });
    }
}
