package org.medtl.core.training;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.runtime.DjlRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FineTunerTest {

    @TempDir
    static Path dir;
    static Path manifest;
    static Path backbone;

    @BeforeAll
    static void data() throws Exception {
        manifest = ShapesDataset.write(dir.resolve("data"), 256, 32, 3);
        backbone = ShapesDataset.backbone(dir.resolve("backbone"), 17);
    }

    private static FineTuneSettings.Builder quick() {
        return FineTuneSettings.builder().arch("").weights(backbone.toString()).size(32).batchSize(16).epochs(3)
                .learningRate(1e-3).patience(0).device("cpu").seed(5).workers(1);
    }

    @Test
    void learnsShapesOnEveryFoldAndPublishesTheOutputs() throws Exception {
        FineTuneSettings s = quick().epochs(6).batchSize(8).learningRate(2e-3).augment(false).build();
        List<TrainingProgress> seen = new java.util.ArrayList<>();
        FineTuneResult r = FineTuner.run(s, manifest, dir.resolve("full"), seen::add, Cancellation.NEVER);
        assertEquals(2, r.folds().size());
        for (FineTuneResult.FoldResult f : r.folds()) {
            assertTrue(f.auc() >= 0.9, "fold " + f.fold() + " test AUC " + f.auc() + "; history " + r.history());
            assertEquals(64, f.testImages());
        }
        assertEquals("binary", r.aucAverage());
        assertEquals("cpu()", r.device());
        List<String> predictions = Files.readAllLines(r.output().resolve("predictions.csv"));
        assertEquals("id,fold,label,p_0,p_1,predicted,model", predictions.get(0));
        assertEquals(1 + 128, predictions.size());
        List<String> history = Files.readAllLines(r.output().resolve("history.csv"));
        assertEquals("fold,stage,epoch,train_loss,val_loss,val_auc,val_accuracy,lr,seconds,device", history.get(0));
        assertEquals(1 + 12, history.size());
        assertTrue(history.get(1).endsWith(",cpu()"));
        assertEquals(3, Files.readAllLines(r.output().resolve("metrics.csv")).size());
        assertTrue(seen.size() > 20 && seen.get(seen.size() - 1).fraction() > 0.99);
        DjlRuntime.run(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
                ModelFolder.Loaded loaded = ModelFolder.load(r.output().resolve("models/fold_1"), m);
                Map<String, String> p = loaded.description().provenance().settings();
                assertEquals(FineTuner.fingerprint(org.medtl.core.dataset.Manifest.read(manifest)), p.get("dataset-fingerprint"));
                assertEquals("cpu()", p.get("device"));
                assertEquals("random", p.get("backbone-weights-source"));
                assertEquals(List.of("disc", "square"), loaded.description().classes());
                assertTrue(loaded.description().provenance().versions().containsKey("pytorch"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void freezeThenFinetuneTrainsTheHeadFirstAndFrozenKeepsTheBackbone() throws Exception {
        FineTuneResult two = FineTuner.run(quick().mode("freeze-then-finetune").headEpochs(2).epochs(1).folds(List.of("0")).build(),
                manifest, dir.resolve("freeze"), ProgressListener.NONE, Cancellation.NEVER);
        List<String> stages = two.history().stream().map(e -> e.stage() + e.epoch()).toList();
        assertEquals(List.of("head1", "head2", "finetune1"), stages);
        assertEquals(1e-3, two.history().get(0).learningRate(), 1e-12);

        FineTuneResult probe = FineTuner.run(quick().mode("frozen").epochs(2).folds(List.of("0")).build(), manifest,
                dir.resolve("frozen"), ProgressListener.NONE, Cancellation.NEVER);
        FineTuneResult partial = FineTuner.run(quick().mode("from-stage:layer3").epochs(2).folds(List.of("0")).build(), manifest,
                dir.resolve("partial"), ProgressListener.NONE, Cancellation.NEVER);
        DjlRuntime.run(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
                var before = ModelFolder.load(backbone, m).backbone();
                var frozen = ModelFolder.load(probe.output().resolve("models/fold_0"), m).backbone();
                var fromConv4 = ModelFolder.load(partial.output().resolve("models/fold_0"), m).backbone();
                int same = 0;
                int changed = 0;
                for (var e : before.namedParameters().entrySet()) {
                    float[] b = e.getValue().getArray().toFloatArray();
                    assertArrayEquals(b, frozen.namedParameters().get(e.getKey()).getArray().toFloatArray(), e.getKey());
                    String stage = before.stageOf(e.getKey());
                    float[] p = fromConv4.namedParameters().get(e.getKey()).getArray().toFloatArray();
                    if (List.of("conv1", "layer1", "layer2").contains(stage)) {
                        assertArrayEquals(b, p, e.getKey() + " is before layer3 and must stay frozen");
                        same++;
                    } else if (!java.util.Arrays.equals(b, p)) {
                        changed++;
                    }
                }
                assertTrue(same > 10 && changed > 10, same + " frozen, " + changed + " trained");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void cancelPublishesNothing() throws Exception {
        AtomicInteger batches = new AtomicInteger();
        Path out = dir.resolve("cancelled");
        assertThrows(TrainingCancelledException.class, () -> FineTuner.run(quick().build(), manifest, out,
                p -> batches.incrementAndGet(), () -> batches.get() >= 5));
        assertEquals(5, batches.get(), "stops at the batch that saw the cancel");
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".cancelled")), "no temporary folder left");
        }
    }

    @Test
    void sameSeedGivesIdenticalPredictionsAndWeights() throws Exception {
        FineTuneSettings s = quick().epochs(2).folds(List.of("1")).build();
        FineTuneResult a = FineTuner.run(s, manifest, dir.resolve("run-a"), ProgressListener.NONE, Cancellation.NEVER);
        FineTuneResult b = FineTuner.run(s, manifest, dir.resolve("run-b"), ProgressListener.NONE, Cancellation.NEVER);
        for (int i = 0; i < a.predictions().size(); i++) {
            assertArrayEquals(a.predictions().get(i).probabilities(), b.predictions().get(i).probabilities());
        }
        assertArrayEquals(Files.readAllBytes(a.output().resolve("models/fold_1/weights.bin")),
                Files.readAllBytes(b.output().resolve("models/fold_1/weights.bin")));
        assertEquals(a.history().stream().map(EpochRecord::trainLoss).toList(), b.history().stream().map(EpochRecord::trainLoss).toList());
    }

    @Test
    void refusesANonEmptyOutputAndUnknownFolds() throws Exception {
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("x.txt"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FineTuner.run(quick().build(), manifest, busy,
                ProgressListener.NONE, Cancellation.NEVER)).getMessage().contains("not empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FineTuner.run(quick().folds(List.of("7")).build(), manifest,
                dir.resolve("nofold"), ProgressListener.NONE, Cancellation.NEVER)).getMessage().contains("fold 7 does not exist"));
    }
}
