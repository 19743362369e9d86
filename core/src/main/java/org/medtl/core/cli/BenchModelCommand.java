package org.medtl.core.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.medtl.core.activations.ActivationExtractor;
import org.medtl.core.activations.ActivationSet;
import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.ImageFiles;
import org.medtl.core.runtime.Progress;
import org.medtl.core.activations.Spatial;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.LayerNetwork;
import org.medtl.core.model.LayerNetworks;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.WeightSource;
import org.medtl.core.runtime.DjlRuntime;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./medtl bench-model}: inference speed of MedTL's keras-resnet50 against the same network exported
 * as TorchScript by PyTorch, both run by the same libtorch through DJL in the same process, alternating
 * so that machine load affects both alike; then extraction throughput with every conv1 position a row.
 */
final class BenchModelCommand implements Command {

    @Override
    public String name() {
        return "bench-model";
    }

    @Override
    public String summary() {
        return "benchmark keras-resnet50 inference vs TorchScript, and conv1 extraction throughput";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl bench-model --h5 FILE --torchscript FILE [--sizes 112,224] [--batch 8] [--rounds 3]
                                           [--extract-images 16]

                  --h5 FILE           Keras-layout ResNet50 weights (weights-only .h5)
                  --torchscript FILE  the same network as TorchScript returning {'conv1_relu', 'conv5_block3_out'}
                                      Make both with: /usr/bin/python3 tools/make_model_fixtures.py --torchscript DIR
                  --sizes S,...       square input sizes (default 112,224)
                  --batch B           images per forward pass (default 8)
                  --rounds R          timed passes per network and size, alternating (default 3)
                  --extract-images N  images for the conv1 extraction measurement at the largest size (default 16; 0 skips)
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOptionsOnly(Set.of("h5", "torchscript", "sizes", "batch", "rounds", "extract-images"));
        Path h5 = Paths.get(args.require("h5"));
        Path ts = Paths.get(args.require("torchscript"));
        List<Integer> sizes = args.getInts("sizes", "112,224", 32);
        int batch = args.getInt("batch", 8, 1);
        int rounds = args.getInt("rounds", 3, 1);
        int extractImages = args.getInt("extract-images", 16, 0);
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                BackboneSettings s = new BackboneSettings(Architecture.KERAS_RESNET50.key(), WeightSource.KERAS_H5, h5, 0, "caffe", 0);
                ModelDescription tsDescription = new ModelDescription(Architecture.KERAS_RESNET50.key(),
                        Architecture.KERAS_RESNET50.spec(), "caffe", 0, null, null, null);
                try (LayerNetwork medtl = LayerNetworks.open(s, m); LayerNetwork script = LayerNetworks.openTorchScript(ts, tsDescription)) {
                    out.printf(Locale.ROOT, "threads %d, batch %d, %d timed passes per network and size%n", DjlRuntime.threadCount(), batch, rounds);
                    out.printf(Locale.ROOT, "%-6s %14s %16s %8s %18s%n", "size", "medtl img/s", "torchscript img/s", "ratio", "max rel. diff");
                    List<String> last = List.of("conv5_block3_out");
                    for (int size : sizes) {
                        try (NDManager b = m.newSubManager()) {
                            NDArray x = b.randomNormal(0, 50, new Shape(batch, 3, size, size), ai.djl.ndarray.types.DataType.FLOAT32);
                            double diff = relDiff(medtl.forwardLayers(x, last).get(last.get(0)), script.forwardLayers(x, last).get(last.get(0)));
                            double tMedtl = 0;
                            double tScript = 0;
                            for (int r = 0; r < rounds; r++) {
                                tMedtl += time(medtl, x, last);
                                tScript += time(script, x, last);
                            }
                            double a = rounds * batch / tMedtl;
                            double c = rounds * batch / tScript;
                            out.printf(Locale.ROOT, "%-6d %14.2f %16.2f %8.3f %18.2e%n", size, a, c, a / c, diff);
                        }
                    }
                    if (extractImages > 0) {
                        int size = sizes.get(sizes.size() - 1);
                        Path tmp = Files.createTempDirectory("medtl-bench");
                        try {
                            Path img = Files.createDirectories(tmp.resolve("img"));
                            Random r = new Random(0);
                            for (int i = 0; i < extractImages; i++) {
                                BufferedImage bi = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                                for (int y = 0; y < size; y++) {
                                    for (int x = 0; x < size; x++) {
                                        bi.setRGB(x, y, r.nextInt(1 << 24));
                                    }
                                }
                                ImageIO.write(bi, "png", img.resolve(String.format(Locale.ROOT, "i%04d.png", i)).toFile());
                            }
                            ExtractionSettings es = new ExtractionSettings(List.of("conv1_relu"), new Spatial(Spatial.Mode.ALL, 0), 0, 0,
                                    ExtractionSettings.ImageCount.ALL, batch, "cpu");
                            long t0 = System.nanoTime();
                            ActivationSet set = ActivationExtractor.extract(medtl, ImageFiles.open(img, "caffe", 0), es, tmp.resolve("out"),
                                    Progress.NONE);
                            double sec = (System.nanoTime() - t0) / 1e9;
                            ActivationSet.Layer l = set.layers().get(0);
                            long bytes = Files.size(set.matrixFile("conv1_relu"));
                            out.printf(Locale.ROOT, "extraction conv1_relu, spatial all, %d px: %d images in %.2f s = %.2f img/s,"
                                    + " %,d rows x %d (%.1f MB/s to disk)%n", size, extractImages, sec, extractImages / sec, l.rows(),
                                    l.columns(), bytes / sec / 1e6);
                        } finally {
                            try (Stream<Path> w = Files.walk(tmp)) {
                                for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                                    Files.deleteIfExists(p);
                                }
                            }
                        }
                    }
                }
            }
            return null;
        });
        return 0;
    }

    private static double time(LayerNetwork net, NDArray x, List<String> layers) {
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(scratch);
            long t0 = System.nanoTime();
            Map<String, NDArray> o = net.forwardLayers(in, layers);
            o.values().iterator().next().toFloatArray(); // force completion
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static double relDiff(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            scale = Math.max(scale, Math.abs(y[i]));
            worst = Math.max(worst, Math.abs(x[i] - y[i]));
        }
        return worst / scale;
    }
}
