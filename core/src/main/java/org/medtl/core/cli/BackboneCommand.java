package org.medtl.core.cli;

import ai.djl.ndarray.NDManager;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.model.ResNet;
import org.medtl.core.model.WeightSource;
import org.medtl.core.runtime.DjlRuntime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Set;

/** {@code ./medtl backbone}: a pretrained or random backbone as a MedTL model folder, with its layer table. */
final class BackboneCommand implements Command {

    @Override
    public String name() {
        return "backbone";
    }

    @Override
    public String summary() {
        return "load ResNet weights (.h5/.pth) or random ones into a model folder; print the layers";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl backbone --arch ARCH (--weights FILE | --random-seed N) [--preprocess P] [--size S] [--out DIR]

                  --arch ARCH       keras-resnet50 | torchvision-resnet50 | torchvision-resnet18
                                    | torchvision-resnet18-narrow
                  --weights FILE    .h5 (Keras weights-only or full model file) or .pth (torchvision state_dict)
                  --random-seed N   seeded random initialisation (He-normal as Keras / Kaiming-normal as torchvision)
                  --preprocess P    caffe | caffe255 | torchvision (default: the architecture's)
                  --size S          input size recorded in the model folder and used for the layer table (default 224)
                  --out DIR         new model folder (model.json + weights.bin); without it only the table is printed
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOptionsOnly(Set.of("arch", "weights", "random-seed", "preprocess", "size", "out"));
        int size = args.getInt("size", 224);
        if (size < Architecture.MIN_INPUT_SIZE) {
            // The settings' 0 (native size) has no meaning here: the size is the one the layer table is computed for.
            throw new Args.UsageException("--size must be at least " + Architecture.MIN_INPUT_SIZE + " (the smallest input the networks take), got " + size);
        }
        BackboneSettings s = settings(args, size);
        DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                ModelFolder.Loaded loaded = Backbones.load(s, m);
                ResNet net = loaded.backbone();
                out.printf(Locale.ROOT, "architecture  %s, %,d parameters (%,d with BatchNorm statistics)%n", loaded.description().architecture(),
                        net.parameterCount(false), net.parameterCount(true));
                var p = loaded.description().provenance();
                out.println("weights       " + (p.weightsFile() == null ? "random, seed " + p.seed() : p.weightsFile() + " sha256 " + p.weightsSha256()));
                out.println("preprocessing " + loaded.description().preprocessing());
                out.printf(Locale.ROOT, "%-20s %-18s %12s%n", "layer", "output @" + size, "parameters");
                for (ResNet.LayerInfo l : net.describeLayers(size, size)) {
                    out.printf(Locale.ROOT, "%-20s %-18s %,12d%n", l.name(), l.outputShape(), l.parameters());
                }
                if (args.has("out")) {
                    Path dir = Paths.get(args.get("out", ""));
                    ModelFolder.save(dir, loaded.description(), net);
                    out.println("written       " + dir.toAbsolutePath());
                }
                return null;
            }
        });
        return 0;
    }

    /** Backbone settings from {@code --arch}, {@code --weights} or {@code --random-seed}, {@code --preprocess}. */
    static BackboneSettings settings(Args args, int size) {
        Architecture a = Architecture.fromKey(args.require("arch"));
        boolean file = args.has("weights");
        boolean random = args.has("random-seed");
        if (file == random) {
            throw new Args.UsageException("give exactly one of --weights FILE and --random-seed N");
        }
        String pre = args.get("preprocess", a.defaultPreprocessing());
        if (random) {
            long seed = args.getLong("random-seed", 0);
            return new BackboneSettings(a.key(), WeightSource.RANDOM, null, seed, pre, size);
        }
        Path w = Paths.get(args.get("weights", ""));
        return new BackboneSettings(a.key(), WeightSource.ofFile(w), w, 0, pre, size);
    }
}
