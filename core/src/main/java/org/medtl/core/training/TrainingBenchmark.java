package org.medtl.core.training;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medtl.core.dataset.BatchIterator;
import org.medtl.core.dataset.ImagePipeline;
import org.medtl.core.dataset.Preprocessing;
import org.medtl.core.dataset.Sample;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.Classifier;
import org.medtl.core.model.HeadSpec;
import org.medtl.core.model.ResNet;
import org.medtl.core.runtime.DeviceChoice;
import org.medtl.core.runtime.DjlRuntime;

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
                        ResNet backbone = ResNet.build(Architecture.KERAS_RESNET50);
                        backbone.initialize(m, 0);
                        Classifier c = Classifier.append(backbone, HeadSpec.study(2));
                        c.initializeHead(m, 0);
                        medtl = batch / loop.timeSteps(new ClassifierNetwork(c), b, 1, steps);
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
