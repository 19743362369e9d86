package org.medtl.core.cli;

import ai.djl.ndarray.NDManager;
import org.medtl.core.activations.ActivationExtractor;
import org.medtl.core.activations.ActivationSet;
import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.ImageFiles;
import org.medtl.core.activations.ImageSource;
import org.medtl.core.activations.Spatial;
import org.medtl.core.dataset.DecodedImageCache;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Sample;
import org.medtl.core.io.OutputFolders;
import org.medtl.core.model.LayerNetwork;
import org.medtl.core.model.LayerNetworks;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.runtime.DjlRuntime;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code ./medtl activations}: hidden-layer activations of a backbone or fine-tuned model as an activation set folder. */
final class ActivationsCommand implements Command, FlagOptions {

    @Override
    public Set<String> flags() {
        return Set.of("no-image-cache");
    }

    @Override
    public String name() {
        return "activations";
    }

    @Override
    public String summary() {
        return "extract hidden-layer activations (one <layer>.npy per layer + activations.json)";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl activations (--arch ARCH (--weights FILE | --random-seed N) | --model FOLDER)
                                           --images DIR|manifest.csv --out DIR [options]

                  --arch ARCH          keras-resnet50 | torchvision-resnet50 | torchvision-resnet18
                                       | torchvision-resnet18-narrow
                  --weights FILE       .h5 (Keras, weights-only or full model), .pth (torchvision state_dict, read
                                       without running its pickle), .pt (TorchScript: executable code, trusted files only)
                  --random-seed N      seeded random initialisation instead of a weight file
                  --model FOLDER       a MedTL model folder (backbone or fine-tuned model) instead of --arch/--weights
                  --preprocess P       caffe | caffe255 | torchvision (default: the architecture's, or the model folder's)
                  --images SRC         folder of PNG/JPEG images (sorted by path) or a manifest CSV (id, path columns)
                  --size S             resize to S x S (nearest neighbour); default: native size
                  --layers L           comma-separated layer names, or 'paper' (default): the study's five layers
                  --spatial M          all (default; every position a row) | avgpool | subsample:N
                  --channels K         keep K random channels per layer (0 = all, default); same seed, same indices
                  --seed S             seed of the channel and position subsets (default 0)
                  --images-per-layer   all (default) | study (round(10000 / (h*w)) images per layer)
                  --batch B            images per forward pass (default 16)
                  --device D           auto (default) | cpu | gpu:0
                  --out DIR            new folder for the activation set (written atomically)
                  --no-image-cache     decode the image files instead of reading them from the decoded-image cache
                                       (<MedTL cache>/images, built once, bounded by MEDTL_IMAGE_CACHE_LIMIT, 4g)
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOptionsOnly(Set.of("arch", "weights", "random-seed", "model", "preprocess", "images", "size", "layers", "spatial", "channels",
                "seed", "images-per-layer", "batch", "device", "out", "no-image-cache"));
        Path images = Paths.get(args.require("images"));
        Path target = Paths.get(args.require("out"));
        ExtractionSettings settings = new ExtractionSettings(
                Arrays.stream(args.get("layers", ExtractionSettings.PAPER).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                Spatial.parse(args.get("spatial", "all")), args.getInt("channels", 0), args.getLong("seed", 0),
                ExtractionSettings.parseImageCount(args.get("images-per-layer", "all")), args.getInt("batch", 16),
                args.get("device", "auto"), !args.flag("no-image-cache"));
        int size = args.getInt("size", 0);
        if (size != 0 && size < org.medtl.core.model.Architecture.MIN_INPUT_SIZE) {
            throw new Args.UsageException("--size must be 0 (the images' own size) or at least " + org.medtl.core.model.Architecture.MIN_INPUT_SIZE
                    + " (the smallest input the networks take), got " + size);
        }
        OutputFolders.requireOutsideInputs("--out", target, inputs(args, images));
        ActivationSet set = DjlRuntime.call(() -> {
            try (NDManager manager = NDManager.newBaseManager(); LayerNetwork net = open(args, manager, size)) {
                String preprocessing = net.description().preprocessing();
                long[] lastStep = {0};
                ImageSource files = ImageFiles.open(images, preprocessing, size > 0 ? size : net.description().inputSize(),
                        settings.imageCache() ? DecodedImageCache.standard() : null, (f, m) -> {
                            Interruption.check();
                            // The cache's notes always; its per-batch "decoded k/n" steps every 2 s, and the last one.
                            long now = System.nanoTime();
                            if (f <= 0 || f >= 1 || now - lastStep[0] > 2_000_000_000L) {
                                lastStep[0] = now;
                                out.println(m);
                            }
                        });
                out.println("model        " + net.description().architecture() + " (" + describeSource(net) + "), preprocessing "
                        + preprocessing);
                out.println("images       " + files.size() + " from " + images);
                long[] last = {0};
                return ActivationExtractor.extract(net, files, settings, target, (f, m) -> {
                    Interruption.check();
                    long now = System.nanoTime();
                    if (now - last[0] > 2_000_000_000L || f >= 1) {
                        last[0] = now;
                        err.printf(Locale.ROOT, "medtl activations: %3.0f%% %s%n", 100 * Math.max(0, f), m);
                    }
                });
            }
        });
        out.println("device       " + set.json().get("device").getAsString());
        for (ActivationSet.Layer l : set.layers()) {
            out.printf(Locale.ROOT, "%-18s %,d x %d  (%d images, output %d x %d x %d)%n", l.name(), l.rows(), l.columns(), l.images(),
                    l.channels(), l.height(), l.width());
        }
        out.println("written      " + set.folder());
        return 0;
    }

    /** The image folder (or the images a manifest names and the manifest's folder) and a --model folder. */
    private static List<OutputFolders.Input> inputs(Args args, Path images) throws java.io.IOException {
        List<OutputFolders.Input> inputs = new ArrayList<>();
        if (Files.isDirectory(images)) {
            inputs.add(OutputFolders.Input.folder("image folder", images));
        } else if (Files.isRegularFile(images)) {
            for (Path folder : OutputFolders.holding(Manifest.read(images).samples().stream().map(Sample::file).toList())) {
                inputs.add(OutputFolders.Input.folder("image folder", folder));
            }
            inputs.add(OutputFolders.Input.notItself("manifest's folder", images.toAbsolutePath().getParent()));
        }
        if (args.has("model")) {
            inputs.add(OutputFolders.Input.folder("model folder", Paths.get(args.get("model", ""))));
        }
        return inputs;
    }

    static LayerNetwork open(Args args, NDManager manager, int size) throws Exception {
        if (args.has("model")) {
            if (args.has("arch") || args.has("weights") || args.has("random-seed")) {
                throw new Args.UsageException("--model excludes --arch, --weights and --random-seed");
            }
            if (args.has("preprocess")) {
                throw new Args.UsageException("--preprocess comes from the model folder's model.json with --model");
            }
            return LayerNetworks.of(ModelFolder.load(Paths.get(args.get("model", "")), manager), manager);
        }
        return LayerNetworks.open(BackboneCommand.settings(args, size), manager);
    }

    private static String describeSource(LayerNetwork net) {
        var p = net.description().provenance();
        if (p == null) {
            return "unknown source";
        }
        return p.weightsFile() == null ? p.weightsSource() + (p.seed() == null ? "" : " seed " + p.seed())
                : p.weightsSource() + " " + p.weightsFile() + " sha256 " + p.weightsSha256().substring(0, 12) + "...";
    }
}
