package org.medtl.knime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.training.Cancellation;
import org.medtl.core.training.FineTuneResult;
import org.medtl.core.training.FineTuneSettings;
import org.medtl.core.training.FineTuner;
import org.medtl.core.training.ProgressListener;

/**
 * Two GPU Fine-Tuner executions at once inside Equinox, each on a thread whose context class loader sees nothing
 * of ours (as KNIME's pool threads), both succeed with the predictions they give one after the other. Without
 * MedTL's training lock the second fails with DJL's "A PtGradientCollector is already collecting".
 */
class ConcurrentFineTuningInsideOsgiTest {

    @Test
    void twoFineTuningsFromForeignContextClassLoadersAtOnce() throws Exception {
        Path root = Files.createTempDirectory("medtl-osgi-concurrent");
        try {
            Path backbone = root.resolve("backbone");
            Backbones.save(BackboneSettings.random(Architecture.TORCHVISION_RESNET18, 5).withInputSize(32), backbone);
            Path manifest = dataset(root.resolve("data"));
            List<FineTuneResult> alone = List.of(fineTune(backbone, manifest, root.resolve("alone-a"), 1),
                    fineTune(backbone, manifest, root.resolve("alone-b"), 2));

            CountDownLatch start = new CountDownLatch(1);
            List<AtomicReference<Object>> results = List.of(new AtomicReference<>(), new AtomicReference<>());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int job = i;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        results.get(job).set(fineTune(backbone, manifest, root.resolve("together-" + job), job + 1));
                    } catch (Throwable e) {
                        results.get(job).set(e);
                    }
                });
                t.setContextClassLoader(new URLClassLoader(new URL[0], null));
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            for (int i = 0; i < 2; i++) {
                Object r = results.get(i).get();
                if (r instanceof Throwable e) {
                    throw new AssertionError("fine-tuning " + i + " failed while another ran", e);
                }
                FineTuneResult together = (FineTuneResult) r;
                assertEquals(alone.get(i).predictions().size(), together.predictions().size());
                for (int p = 0; p < together.predictions().size(); p++) {
                    assertArrayEquals(alone.get(i).predictions().get(p).probabilities(), together.predictions().get(p).probabilities());
                }
            }
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static FineTuneResult fineTune(Path backbone, Path manifest, Path out, long seed) throws Exception {
        FineTuneSettings s = FineTuneSettings.builder().arch("").weights(backbone.toString()).size(32).batchSize(8).epochs(1)
                .learningRate(1e-3).patience(0).device("cpu").seed(seed).workers(1).build();
        return FineTuner.run(s, manifest, out, ProgressListener.NONE, Cancellation.NEVER);
    }

    /** 24 images, bright or dark, with one fold: 16 train, 4 val, 4 test. */
    private static Path dataset(Path folder) throws Exception {
        Files.createDirectories(folder);
        StringBuilder csv = new StringBuilder("id,path,label,group,fold_0\n");
        for (int i = 0; i < 24; i++) {
            BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            int grey = i % 2 == 0 ? 0x202020 : 0xe0e0e0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    image.setRGB(x, y, grey + ((x * y + i) % 16));
                }
            }
            ImageIO.write(image, "png", folder.resolve("img" + i + ".png").toFile());
            String split = i < 16 ? "train" : i < 20 ? "val" : "test";
            csv.append("img").append(i).append(",img").append(i).append(".png,").append(i % 2 == 0 ? "dark" : "bright")
                    .append(",P").append(i).append(',').append(split).append('\n');
        }
        Path manifest = folder.resolve("manifest.csv");
        Files.writeString(manifest, csv, StandardCharsets.UTF_8);
        return manifest;
    }
}
