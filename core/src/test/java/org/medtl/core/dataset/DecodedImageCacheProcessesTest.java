package org.medtl.core.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.runtime.Progress;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two processes (two {@code ./medtl run}s, or KNIME beside one) and this JVM building the same cache at once:
 * the lock file makes them take turns, one complete file results, and every process reads the same images.
 */
class DecodedImageCacheProcessesTest {

    /** Entry point of the helper processes: open (build or reuse) the cache and print the file it used. */
    public static void main(String[] args) throws Exception {
        Path cacheDir = Paths.get(args[0]);
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            samples.add(TestImages.sample(Paths.get(args[i]), "x"));
        }
        DecodedImageStore store = new DecodedImageCache(cacheDir, 1L << 30).open(ImagePipeline.of(24, Preprocessing.CAFFE), samples, 1,
                Progress.NONE);
        System.out.println(store.file());
    }

    @Test
    void twoProcessesAndThisOneBuildOneCache(@TempDir Path tmp) throws Exception {
        List<Sample> samples = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DecodedImageCacheProcessesTest.class.getName(), tmp.resolve("cache").toString()));
        for (int i = 0; i < 24; i++) {
            Path f = TestImages.write(i % 3 == 0 ? TestImages.rgb(60, 50, i, 2 * i, 9) : TestImages.grey8(64 + i, 48), "png",
                    tmp.resolve("img" + i + ".png"));
            samples.add(TestImages.sample(f, "x"));
            command.add(f.toString());
        }
        List<Process> others = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            others.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        DecodedImageStore mine = new DecodedImageCache(tmp.resolve("cache"), 1L << 30).open(ImagePipeline.of(24, Preprocessing.CAFFE),
                samples, 1, Progress.NONE);
        for (Process p : others) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "helper process finished");
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, p.exitValue(), output);
            assertEquals(mine.file().toString(), output.lines().reduce((a, b) -> b).orElse(""), output);
        }
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of(mine.file().getFileName().toString(), "images.lock"), names);
        }
        ImagePipeline fresh = ImagePipeline.of(24, Preprocessing.CAFFE);
        for (Sample s : samples) {
            assertArrayEquals(fresh.decodeFromFile(s).data(), mine.get(s).data(), s.id());
        }
    }
}
