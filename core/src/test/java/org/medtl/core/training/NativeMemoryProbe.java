package org.medtl.core.training;

import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.FoldedExtraction;
import org.medtl.core.activations.Spatial;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.model.ResNetSpec;
import org.medtl.core.runtime.Progress;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child-JVM program of {@link NativeMemoryTest}: re-executes one fine-tuning and one activation extraction
 * of the same inputs, as a KNIME user re-executing the nodes does, each run on a fresh thread with a foreign
 * context class loader (as KNIME's pool threads), and prints after each run the resident set size and the
 * memory the JVM itself committed outside the Java heap (JIT code, class metadata) as
 * {@code rss <run> <resident kB> <JVM non-heap kB>}.
 */
public final class NativeMemoryProbe {

    /**
     * Wide enough (1.6 M parameters) that an optimiser state left behind per stage shows as about 13 MB per
     * run, shallow and small-input so that a run takes about a second.
     */
    static final ResNetSpec WIDE = new ResNetSpec(ResNetSpec.Layout.TORCHVISION, false, List.of(1, 1, 1, 1),
            List.of(32, 64, 128, 256), 32);

    private NativeMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path manifest = ShapesDataset.write(dir.resolve("data"), 64, 32, 3);
        Path backbone = ShapesDataset.backbone(dir.resolve("backbone"), 17, WIDE);
        FineTuneSettings settings = FineTuneSettings.builder().arch("").weights(backbone.toString()).size(32).batchSize(16)
                .epochs(1).learningRate(1e-3).patience(0).device("cpu").seed(5).workers(1).folds(List.of("0")).build();
        ExtractionSettings extraction = new ExtractionSettings(List.of("paper"), Spatial.parse("all"), 0, 1,
                ExtractionSettings.ImageCount.ALL, 16, "cpu");
        ClassLoader foreign = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
        for (int run = 1; run <= runs; run++) {
            Path out = dir.resolve("run" + run);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread node = new Thread(() -> {
                try {
                    FineTuneResult r = FineTuner.run(settings, manifest, out.resolve("model"), ProgressListener.NONE, Cancellation.NEVER);
                    FoldedExtraction.extract(r.output(), Manifest.read(manifest), extraction, out.resolve("activations"), Progress.NONE);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "node-execution-" + run);
            node.setContextClassLoader(foreign);
            node.start();
            node.join();
            if (failure.get() != null) {
                throw new IllegalStateException("Run " + run + " failed", failure.get());
            }
            org.medtl.core.io.TempOutputs.deleteTree(out);
            System.gc();
            System.out.println("rss " + run + " " + residentKb() + " " + jvmNonHeapKb());
        }
    }

    /** Committed code cache and class metadata: they grow while the JIT warms up, which is not a leak. */
    static long jvmNonHeapKb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.NON_HEAP) {
                bytes += pool.getUsage().getCommitted();
            }
        }
        return bytes / 1024;
    }

    /**
     * Anonymous resident memory (heap, malloc, libtorch's allocations: where a leak of native tensors shows).
     * Not VmRSS: that also counts pages of memory-mapped files (the decoded-image cache, shared libraries), which
     * are not native allocations.
     */
    static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("/proc/self/status has no RssAnon line (Linux 4.5 or later); resident memory cannot be measured here.");
    }
}
