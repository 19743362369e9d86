package org.medtl.core.study;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.Spatial;
import org.medtl.core.config.MapConfig;
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.similarity.MeasureSettings;
import org.medtl.core.similarity.SimilarityMeasure;
import org.medtl.core.training.FineTuneSettings;
import org.medtl.core.training.ShapesDataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node executions at the same time on different threads, as KNIME's pool runs independent branches: two
 * Fine-Tuners, two Activation Extractors, two CCA Comparators, and a mix of all three. Each runs through the
 * same core step the headless runner and the KNIME node call, on a thread whose context class loader is a
 * foreign one (as on KNIME's pool), and must produce byte for byte what it produces alone.
 */
class ConcurrentNodesTest {

    @TempDir
    static Path dir;
    static Path manifest;
    static Path backbone;
    /** Outputs of every execution run alone, one after the other: file name to bytes. */
    static Map<String, Map<String, byte[]>> alone = new TreeMap<>();

    static final List<String> LAYERS = List.of("layer1", "layer2");

    @BeforeAll
    static void data() throws Exception {
        manifest = ShapesDataset.write(dir.resolve("data"), 128, 32, 3);
        backbone = ShapesDataset.backbone(dir.resolve("backbone"), 17);
        for (String job : List.of("fine-tune-a", "fine-tune-b", "extract-a", "extract-b", "cca-a", "cca-b")) {
            alone.put(job, files(run(job, dir.resolve("alone"))));
        }
    }

    @Test
    void twoFineTunersAtOnceGiveTheResultsOfOneAtATime() throws Exception {
        concurrently("fine-tune-a", "fine-tune-b");
    }

    @Test
    void twoActivationExtractorsAtOnce() throws Exception {
        concurrently("extract-a", "extract-b");
    }

    @Test
    void twoCcaComparatorsAtOnce() throws Exception {
        concurrently("cca-a", "cca-b");
    }

    @Test
    void fineTuningExtractionAndCcaAtOnce() throws Exception {
        concurrently("fine-tune-b", "extract-a", "cca-b");
    }

    /** Starts the jobs together on threads with a foreign context class loader and compares their outputs. */
    private static void concurrently(String... jobs) throws Exception {
        Path base = Files.createTempDirectory(dir, "together");
        ClassLoader foreign = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<AtomicReference<Object>> results = new ArrayList<>();
        for (String job : jobs) {
            AtomicReference<Object> result = new AtomicReference<>();
            results.add(result);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    result.set(run(job, base));
                } catch (Throwable e) {
                    result.set(e);
                }
            }, "knime-pool-like-" + job);
            t.setContextClassLoader(foreign);
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < jobs.length; i++) {
            Object r = results.get(i).get();
            if (r instanceof Throwable e) {
                throw new AssertionError(jobs[i] + " failed while running concurrently with " + List.of(jobs), e);
            }
            Map<String, byte[]> expected = alone.get(jobs[i]);
            Map<String, byte[]> actual = files((Path) r);
            assertEquals(expected.keySet(), actual.keySet(), jobs[i]);
            for (String f : expected.keySet()) {
                assertTrue(java.util.Arrays.equals(expected.get(f), actual.get(f)), jobs[i] + ": " + f + " differs from the run alone");
            }
        }
    }

    /**
     * One node execution. Extraction and CCA read inputs prepared once (a fine-tuned model, activation sets),
     * so that each job is a single node.
     */
    private static Path run(String job, Path base) throws Exception {
        Path out = Files.createDirectories(base.resolve(job));
        String seed = job.substring(job.length() - 1);
        return switch (job.substring(0, job.length() - 2)) {
            case "fine-tune" -> {
                MapConfig c = new MapConfig();
                FineTuneSettings.builder().arch("").size(32).batchSize(16).epochs(2).learningRate(1e-3).patience(0).device("cpu")
                        .seed(seed.equals("a") ? 5 : 6).workers(1).build().toConfig(c);
                List<PortData> o = new FineTunerStep().execute(c, List.of(new PortData(PortKind.MODEL, backbone),
                        new PortData(PortKind.TABLE, manifest)), out, NO_PROGRESS);
                yield o.get(0).path();
            }
            case "extract" -> {
                MapConfig c = new MapConfig();
                new ExtractionSettings(LAYERS, Spatial.parse("all"), 0, 1, ExtractionSettings.ImageCount.ALL, 16, "cpu").toConfig(c);
                yield new ActivationExtractorStep().execute(c, List.of(new PortData(PortKind.MODEL, fineTuned(seed)),
                        new PortData(PortKind.TABLE, manifest)), out, NO_PROGRESS).get(0).path();
            }
            case "cca" -> {
                MapConfig c = new MapConfig();
                new ComparisonSettings(List.of(SimilarityMeasure.CCA, SimilarityMeasure.SVCCA), LAYERS, MeasureSettings.STUDY_EPSILON,
                        MeasureSettings.DEFAULT_VARIANCE_FRACTION, 0, 0, 0, 2, seed.equals("a") ? 1 : 2).toConfig(c);
                new CcaComparatorStep().execute(c, List.of(new PortData(PortKind.ACTIVATIONS, activations("a")),
                        new PortData(PortKind.ACTIVATIONS, activations("b"))), out, NO_PROGRESS);
                yield out;
            }
            default -> throw new IllegalArgumentException(job);
        };
    }

    private static Path fineTuned(String which) {
        return dir.resolve("alone").resolve("fine-tune-" + which).resolve("port_1-model");
    }

    private static Path activations(String which) {
        return dir.resolve("alone").resolve("extract-" + which).resolve("port_1-activations");
    }

    /** Every file under a folder by relative path, without provenance that records the time of the run. */
    private static Map<String, byte[]> files(Path folder) {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = folder.relativize(p).toString();
                if (name.endsWith(".json") || name.endsWith("history.csv")) {
                    continue; // creation time and seconds per epoch
                }
                all.put(name, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(!all.isEmpty(), folder + " is empty");
        return all;
    }

    private static final RunProgress NO_PROGRESS = (fraction, message) -> {
    };
}
