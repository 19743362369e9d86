package org.medtl.core.training;

import org.medtl.core.io.TempOutputs;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medtl.core.dataset.BatchIterator;
import org.medtl.core.dataset.DecodedImageCache;
import org.medtl.core.dataset.ImagePipeline;
import org.medtl.core.dataset.Preprocessing;
import org.medtl.core.dataset.Sample;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.Classifier;
import org.medtl.core.model.HeadSpec;
import org.medtl.core.model.ResNet;
import org.medtl.core.runtime.DeviceChoice;
import org.medtl.core.runtime.DjlRuntime;
import org.medtl.core.runtime.Progress;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Training throughput of keras-resnet50 as MedTL builds it, next to the same network as a TorchScript
 * module trained through DJL in the same run, and the input pipeline's throughput with the study's
 * augmentation (decode, resize, augment, normalise on CPU workers), which must outpace training.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    /**
     * One input size.
     *
     * @param size                 square input in pixels
     * @param batch                images per step
     * @param medtlImagesPerSecond training images/s of MedTL's DJL network
     * @param torchScriptImagesPerSecond training images/s of the TorchScript module (NaN when not given)
     * @param pipelineImagesPerSecond images/s of the input pipeline with augmentation
     */
    public record Row(int size, int batch, double medtlImagesPerSecond, double torchScriptImagesPerSecond,
            double pipelineImagesPerSecond) {

        /** MedTL over TorchScript; 1.0 = equal, the goal is at least 0.9. */
        public double ratio() {
            return medtlImagesPerSecond / torchScriptImagesPerSecond;
        }
    }

    /**
     * @param sizes       input sizes, e.g. 64, 112, 224
     * @param batch       images per step
     * @param steps       timed steps per size (after one warm-up step)
     * @param torchScript a scripted Keras-layout ResNet-50 with head ({@code tools/keras_resnet50_torchscript.py}), or null
     * @param device      device request ({@code cpu}, {@code gpu:0}, ...)
     * @param workers     pipeline worker threads
     */
    public static List<Row> run(List<Integer> sizes, int batch, int steps, Path torchScript, String device, int workers)
            throws IOException {
        Path images = Files.createTempDirectory("medtl-bench-training");
        try {
            List<Sample> samples = writeImages(images, Math.max(64, 4 * batch), 256);
            return DjlRuntime.call(() -> {
                DeviceChoice devices = DjlRuntime.selectDevices(device);
                FineTuneSettings settings = FineTuneSettings.builder().batchSize(batch).device(device).build();
                TrainingLoop loop = new TrainingLoop(devices, settings, 2);
                List<Row> rows = new ArrayList<>();
                for (int size : sizes) {
                    TrainingBatch b = randomBatch(batch, size);
                    double medtl;
                    try (NDManager m = NDManager.newBaseManager(devices.primary(), DjlRuntime.ENGINE)) {
                        medtl = batch / loop.timeSteps(studyNetwork(m), b, 1, steps);
                    }
                    double ts = Double.NaN;
                    if (torchScript != null) {
                        try (Model model = Model.newInstance("keras-resnet50-torchscript", devices.primary(), DjlRuntime.ENGINE)) {
                            model.load(torchScript, null, Map.of("trainParam", "true"));
                            ts = batch / loop.timeSteps(new ModuleNetwork(model.getBlock()), b, 1, steps);
                        }
                    }
                    rows.add(new Row(size, batch, medtl, ts, pipelineRate(samples, size, batch, workers)));
                }
                return rows;
            });
        } finally {
            org.medtl.core.io.TempOutputs.deleteTree(images);
        }
    }

    /**
     * Images/s of each stage of the training feed and of the training step, measured in one run on the same images
     * so the bottleneck shows; each as wall-clock images/s and images per CPU-second of this process (the latter
     * stays meaningful on a shared machine, and times the number of free cores estimates another host).
     *
     * @param decode        files decoded, resized and normalised every time (no cache, no augmentation): the baseline
     * @param decodeAugment the same plus the study's augmentation: the feed before the decoded-image cache
     * @param cacheBuild    decoding once into the decoded-image cache (first epoch)
     * @param cacheRead     read from the cache and normalised (evaluation batches)
     * @param cacheAugment  read from the cache, augmented and normalised into batches (the training feed)
     * @param trainStep     ResNet-50 (Keras layout) training steps: forward, backward, Adam update
     */
    public record PipelineRates(int size, int batch, int images, int sourcePixels, int workers, Rate decode,
                                Rate decodeAugment, Rate cacheBuild, Rate cacheRead, Rate cacheAugment, Rate trainStep,
                                long cacheBytes) {

        /** The slower of the training feed and the training step (wall clock): what bounds an epoch here. */
        public String bound() {
            if (Double.isNaN(trainStep.wall())) {
                return "not known (training step not timed)";
            }
            return cacheAugment.wall() < trainStep.wall() ? "input pipeline (cache + augmentation)" : "training step";
        }
    }

    /** Images per wall-clock second and per CPU-second of this process. */
    public record Rate(double wall, double cpu) {
        static final Rate NONE = new Rate(Double.NaN, Double.NaN);

        static Rate best(Rate a, Rate b) {
            return Double.isNaN(a.wall) || b.wall > a.wall ? b : a;
        }
    }

    private static final class Stopwatch {
        private final long wall = System.nanoTime();
        private final long cpu = processCpuNanos();

        Rate rate(long images) {
            double w = (System.nanoTime() - wall) / 1e9;
            double c = (processCpuNanos() - cpu) / 1e9;
            return new Rate(images / w, c > 0 ? images / c : Double.NaN);
        }

        double seconds() {
            return (System.nanoTime() - wall) / 1e9;
        }

        private static long processCpuNanos() {
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
            return -1;
        }
    }

    /**
     * @param images       synthetic grey PNGs to decode (textured, {@code sourcePixels} square, as a scanner's output)
     * @param sourcePixels side of the PNG files before resizing to {@code size}
     * @param steps        timed training steps after one warm-up step; 0 skips the training step (NaN)
     */
    public static PipelineRates pipeline(int size, int batch, int images, int sourcePixels, int workers, int steps, String device)
            throws IOException {
        // Scratch images and cache: registered, so Ctrl-C during the benchmark removes them too.
        Path dir = TempOutputs.folder(Path.of(System.getProperty("java.io.tmpdir")), "medtl-bench-pipeline");
        try {
            List<Sample> samples = writeGreyImages(dir.resolve("images"), images, sourcePixels);
            ImagePipeline plain = ImagePipeline.of(size, Preprocessing.CAFFE);
            Augmentation augmentation = new Augmentation(true);
            // Warm-up pass (JIT, page cache) on a few images, so the baseline is not charged for class loading.
            feedRate(plain.withTransform(augmentation), samples.subList(0, Math.min(samples.size(), 2 * batch)), batch, workers, 0);
            Rate decode = feedRate(plain, samples, batch, workers, 0);
            Rate decodeAugment = feedRate(plain.withTransform(augmentation), samples, batch, workers, 0);
            DecodedImageCache cache = new DecodedImageCache(dir.resolve("cache"), DecodedImageCache.DEFAULT_LIMIT);
            Stopwatch build = new Stopwatch();
            ImagePipeline cached = cache.attach(plain, samples, workers, Progress.NONE);
            Rate cacheBuild = build.rate(samples.size());
            if (cached.cache() == null) {
                throw new IllegalStateException("The benchmark's " + samples.size() + " images do not fit the decoded-image cache's"
                        + " limit; use fewer --images.");
            }
            // Warm-up of both cached paths (their code is not compiled yet, and decoding was warmed up above).
            feedRate(cached, samples, batch, workers, 0);
            feedRate(cached.withTransform(augmentation), samples, batch, workers, 0);
            // Alternating best of two: on a shared machine one pass can lose its cores to other work.
            Rate cacheRead = Rate.NONE;
            Rate cacheAugment = Rate.NONE;
            for (int round = 0; round < 2; round++) {
                cacheRead = Rate.best(cacheRead, feedRate(cached, samples, batch, workers, 2.0));
                cacheAugment = Rate.best(cacheAugment, feedRate(cached.withTransform(augmentation), samples, batch, workers, 2.0));
            }
            Rate train = steps > 0 ? trainStepRate(size, batch, steps, device) : Rate.NONE;
            return new PipelineRates(size, batch, samples.size(), sourcePixels, workers, decode, decodeAugment, cacheBuild,
                    cacheRead, cacheAugment, train, Files.size(cached.cache().file()));
        } finally {
            TempOutputs.discard(dir);
        }
    }

    /** Passes over {@code samples} in training batches until at least {@code minSeconds}. */
    private static Rate feedRate(ImagePipeline p, List<Sample> samples, int batch, int workers, double minSeconds) {
        Stopwatch watch = new Stopwatch();
        long n = 0;
        int pass = 0;
        do {
            try (BatchIterator it = p.batches(samples, batch, workers, pass++)) {
                while (it.hasNext()) {
                    n += it.next().size();
                }
            }
        } while (watch.seconds() < minSeconds);
        return watch.rate(n);
    }

    private static Rate trainStepRate(int size, int batch, int steps, String device) {
        return DjlRuntime.call(() -> {
            DeviceChoice devices = DjlRuntime.selectDevices(device);
            TrainingLoop loop = new TrainingLoop(devices, FineTuneSettings.builder().batchSize(batch).device(device).build(), 2);
            try (NDManager m = NDManager.newBaseManager(devices.primary(), DjlRuntime.ENGINE)) {
                ClassifierNetwork network = studyNetwork(m);
                TrainingBatch b = randomBatch(batch, size);
                Stopwatch watch = new Stopwatch();
                double secondsPerStep = loop.timeSteps(network, b, 1, steps);
                // CPU time covers the warm-up step too, so the CPU rate counts its images as well.
                return new Rate(batch / secondsPerStep, watch.rate((long) batch * (steps + 1)).cpu());
            }
        });
    }

    /** The study's network: Keras-layout ResNet-50 with the two-class head, initialised with seed 0. */
    private static ClassifierNetwork studyNetwork(NDManager m) {
        ResNet backbone = ResNet.build(Architecture.KERAS_RESNET50);
        backbone.initialize(m, 0);
        Classifier c = Classifier.append(backbone, HeadSpec.study(2));
        c.initializeHead(m, 0);
        return new ClassifierNetwork(c);
    }

    /** Grey speckle over smooth structure, so PNG compresses (and decodes) as a scan does rather than as pure noise. */
    private static List<Sample> writeGreyImages(Path dir, int count, int px) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(5);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(px, px, BufferedImage.TYPE_BYTE_GRAY);
            double cx = px * (0.3 + 0.4 * r.nextDouble());
            double cy = px * (0.3 + 0.4 * r.nextDouble());
            for (int y = 0; y < px; y++) {
                for (int x = 0; x < px; x++) {
                    double d = Math.hypot(x - cx, y - cy) / px;
                    double v = 90 + 80 * Math.cos(6 * d) + 25 * r.nextGaussian();
                    img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, v)));
                }
            }
            Path file = dir.resolve("scan" + i + ".png");
            ImageIO.write(img, "png", file.toFile());
            samples.add(new Sample("scan" + i, file, "", 0, "a", 0, "", List.of()));
        }
        return samples;
    }

    private static double pipelineRate(List<Sample> samples, int size, int batch, int workers) {
        ImagePipeline p = ImagePipeline.of(size, Preprocessing.CAFFE).withTransform(new Augmentation(true));
        long start = System.nanoTime();
        int n = 0;
        try (BatchIterator it = p.batches(samples, batch, workers, 1)) {
            while (it.hasNext()) {
                n += it.next().size();
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static TrainingBatch randomBatch(int batch, int size) {
        Random r = new Random(size);
        float[] px = new float[batch * 3 * size * size];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (r.nextGaussian() * 50);
        }
        int[] labels = new int[batch];
        int[] idx = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 2;
            idx[i] = i;
        }
        return new TrainingBatch(px, batch, 3, size, size, labels, idx);
    }

    /** RGB noise PNGs at 256 px, the size range of the study's ultrasound sources before resizing. */
    private static List<Sample> writeImages(Path dir, int count, int px) throws IOException {
        Random r = new Random(3);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(px, px, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < px; y++) {
                for (int x = 0; x < px; x++) {
                    img.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            Path file = dir.resolve("img" + i + ".png");
            ImageIO.write(img, "png", file.toFile());
            samples.add(new Sample("img" + i, file, "", 0, "a", 0, "", List.of()));
        }
        return samples;
    }

    /** A whole module (TorchScript) trained as one stage plus nothing else. */
    private static final class ModuleNetwork implements Network {
        private final Block block;

        ModuleNetwork(Block block) {
            this.block = block;
        }

        @Override
        public NDList forward(ParameterStore ps, NDList input, boolean training) {
            return block.forward(ps, input, training);
        }

        @Override
        public List<String> stageNames() {
            return List.of(HEAD);
        }

        @Override
        public void setTrainable(Set<String> stages) {
        }

        @Override
        public PairList<String, Parameter> parameters() {
            PairList<String, Parameter> all = new PairList<>();
            block.getParameters().forEach(p -> all.add(p.getKey(), p.getValue()));
            return all;
        }
    }

}
