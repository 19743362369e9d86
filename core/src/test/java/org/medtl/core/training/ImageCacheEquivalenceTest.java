package org.medtl.core.training;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.dataset.Dataset;
import org.medtl.core.dataset.DatasetReader;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.dataset.DecodedImageCache;
import org.medtl.core.dataset.ImagePipeline;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Preprocessing;
import org.medtl.core.dataset.Sample;
import org.medtl.core.dataset.Split;
import org.medtl.core.runtime.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training reads the same inputs, and learns the same model, with and without the decoded-image cache (CPU, same seed). */
class ImageCacheEquivalenceTest {

    @TempDir
    static Path dir;
    static Path manifest;

    @BeforeAll
    static void data() throws Exception {
        // 40 px files resized to 32: the cache holds the resized images, not the files' pixels.
        manifest = ShapesDataset.write(dir.resolve("data"), 96, 40, 11);
    }

    @Test
    void augmentedBatchesAreBitIdentical() throws Exception {
        List<Sample> all = Manifest.read(manifest).samples();
        List<Sample> train = Manifest.read(manifest).samples(0, Split.TRAIN);
        ImagePipeline plain = ImagePipeline.of(32, Preprocessing.CAFFE).withTransform(new Augmentation(true));
        ImagePipeline cached = new DecodedImageCache(dir.resolve("cache"), 1L << 30).attach(plain, all, 2, Progress.NONE);
        assertNotSame(plain, cached);
        assertTrue(cached.cache() != null && cached.cache().size() == all.size());
        for (int epoch = 0; epoch < 2; epoch++) {
            List<float[]> a = batches(new DatasetFeed(plain, train, 16, 2, true, 99), epoch);
            List<float[]> b = batches(new DatasetFeed(cached, train, 16, 2, true, 99), epoch);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i), "epoch " + epoch + ", batch " + i);
            }
        }
    }

    private static List<float[]> batches(DatasetFeed feed, int epoch) {
        List<float[]> out = new ArrayList<>();
        try (BatchFeed.Epoch e = feed.open(epoch)) {
            while (e.hasNext()) {
                out.add(e.next().pixels());
            }
        }
        return out;
    }

    /** Collects the run-wide notes (those without a fold), where the cache reports itself. */
    private static ProgressListener notes(List<String> into) {
        return p -> {
            if (p.fold().isEmpty()) {
                into.add(p.message());
            }
        };
    }

    @Test
    void aTinyFineTuningGivesIdenticalMetricsAndWeights() throws Exception {
        FineTuneSettings.Builder quick = tinyFineTuning(ShapesDataset.backbone(dir.resolve("backbone"), 17), 2);
        List<String> notes = new ArrayList<>();
        FineTuneResult on = FineTuner.run(quick.imageCache(true).build(), manifest, dir.resolve("with-cache"), notes(notes),
                Cancellation.NEVER);
        List<String> offNotes = new ArrayList<>();
        FineTuneResult off = FineTuner.run(quick.imageCache(false).build(), manifest, dir.resolve("without-cache"), notes(offNotes),
                Cancellation.NEVER);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("image cache:") && n.contains("limit")), notes.toString());
        assertFalse(offNotes.stream().anyMatch(n -> n.startsWith("image cache")), offNotes.toString());
        assertLearnedTheSame(on, off);
    }

    /**
     * A Dataset Reader step asked for the cache (as {@code ./medtl dataset --build-image-cache 32} and the node do),
     * then fine-tuning on its manifest: the fine-tuner finds every image decoded and decodes none, and learns what it
     * learns without any cache.
     */
    @Test
    void fineTuningReadsTheCacheTheReaderBuilt() throws Exception {
        Path data = ShapesDataset.write(dir.resolve("reader-data"), 64, 40, 23);
        List<String> readerNotes = new ArrayList<>();
        Dataset read = DatasetReader.read(DatasetSettings.of(data.toString()).withColumns("path", "label", "group", "")
                .withFolds("auto", 3, 4).withImageCache(32), (f, m) -> readerNotes.add(m));
        assertTrue(read.imageCache().ready(), read.imageCache().message());
        assertTrue(readerNotes.stream().anyMatch(n -> n.startsWith("image cache: decoding 64 images once")), readerNotes.toString());
        Path readManifest = dir.resolve("reader-out/manifest.csv");
        Files.createDirectories(readManifest.getParent());
        read.manifest().write(readManifest);

        FineTuneSettings.Builder quick = tinyFineTuning(ShapesDataset.backbone(dir.resolve("reader-backbone"), 17), 1);
        List<String> notes = new ArrayList<>();
        FineTuneResult on = FineTuner.run(quick.imageCache(true).build(), readManifest, dir.resolve("reader-with-cache"), notes(notes),
                Cancellation.NEVER);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("image cache: reading 64 decoded images")), notes.toString());
        assertFalse(notes.stream().anyMatch(n -> n.startsWith("image cache: decod")), notes.toString());
        FineTuneResult off = FineTuner.run(quick.imageCache(false).build(), readManifest, dir.resolve("reader-without-cache"),
                notes(new ArrayList<>()), Cancellation.NEVER);
        assertLearnedTheSame(on, off);
    }

    /** CPU fine-tuning on the 32 px shapes: seconds per epoch, and every result comparable bit for bit. */
    private static FineTuneSettings.Builder tinyFineTuning(Path backbone, int epochs) {
        return FineTuneSettings.builder().arch("").weights(backbone.toString()).size(32).batchSize(16)
                .epochs(epochs).learningRate(1e-3).patience(0).device("cpu").seed(5).workers(2).folds(List.of("0"));
    }

    private static void assertLearnedTheSame(FineTuneResult on, FineTuneResult off) throws Exception {
        assertEquals(on.history().stream().map(EpochRecord::trainLoss).toList(), off.history().stream().map(EpochRecord::trainLoss).toList());
        assertEquals(on.history().stream().map(EpochRecord::valLoss).toList(), off.history().stream().map(EpochRecord::valLoss).toList());
        assertEquals(on.folds().get(0).auc(), off.folds().get(0).auc());
        assertEquals(on.predictions().size(), off.predictions().size());
        for (int i = 0; i < on.predictions().size(); i++) {
            assertArrayEquals(on.predictions().get(i).probabilities(), off.predictions().get(i).probabilities());
        }
        assertArrayEquals(Files.readAllBytes(on.output().resolve("models/fold_0/weights.bin")),
                Files.readAllBytes(off.output().resolve("models/fold_0/weights.bin")));
    }
}
