package org.medtl.core.cli;

import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;
import org.medtl.core.training.FineTuneResult;
import org.medtl.core.training.FineTuneSettings;
import org.medtl.core.training.FineTuner;
import org.medtl.core.training.TrainingProgress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./medtl finetune}: the GPU Fine-Tuner node's core call from the command line. */
public final class FinetuneCommand implements Command, FlagOptions {

    /** Options that map one-to-one onto {@link FineTuneSettings} config keys. */
    private static final List<String> VALUE_KEYS = List.of("arch", "weights", "preprocess", "size", "mode", "epochs", "batch", "lr",
            "optimizer", "momentum", "weight-decay", "schedule", "step-epochs", "step-gamma", "monitor", "patience", "head-lr",
            "head-epochs", "head-monitor", "head-patience", "class-weights", "dropout", "auc-average", "seed", "device", "workers");

    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public String summary() {
        return "fine-tune a backbone on every fold of a manifest (predictions, history, metrics, fold models)";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl finetune --manifest manifest.csv (--weights MODEL_FOLDER | --arch ARCH --weights FILE.h5|.pth | --arch ARCH --random-seed N) --out DIR [options]

                Runs the study's fine-tuning protocol on each fold of the manifest (columns fold_0, fold_1, ...) and writes
                DIR/predictions.csv (id,fold,label,p_0..p_{C-1},predicted,model), DIR/history.csv, DIR/metrics.csv and
                DIR/models/fold_N/ (model folders with provenance); prints a JSON summary. DIR must be new or empty; it
                appears only when every fold has finished.

                backbone
                  --weights PATH        backbone model folder (its architecture is used), or a Keras .h5 / torchvision .pth file with --arch
                  --arch KEY            keras-resnet50 | torchvision-resnet50 | torchvision-resnet18
                                        | torchvision-resnet18-narrow (random init with --random-seed)
                  --random-seed N       seed of the random-initialisation baseline
                  --preprocess KEY      caffe | caffe255 | torchvision (default: the backbone's)
                  --size PX             square input size (default: the backbone folder's, else 224)
                protocol
                  --mode M              full (default) | freeze-then-finetune | frozen | from-stage:NAME (e.g. from-stage:conv4)
                  --folds 0,1,2         folds to run (manifest fold numbers; default all)
                  --epochs N            epoch limit (200)          --batch B     batch size (128)
                  --lr LR               learning rate (1e-5)       --optimizer adam|sgd (adam)  --momentum M (0.9)
                  --weight-decay W      L2 weight decay (0)        --schedule constant|step|cosine (constant)
                  --step-epochs N       step schedule period (30)  --step-gamma G  step factor (0.1)
                  --monitor Q           val-loss | val-auc | val-accuracy (val-loss)   --patience N (30; 0 = off)
                  --no-restore-best     keep the last epoch's weights instead of the best epoch's
                  --head-lr LR          freeze-then-finetune stage 1 rate (1e-3)        --head-epochs N (200)
                  --head-monitor Q      stage 1 early stopping (val-accuracy)           --head-patience N (10)
                  --class-weights W     none | balanced | w0,w1,...  (none)
                  --dropout P           dropout before the dense layer (0.5)
                  --no-augment          no augmentation        --no-hflip   augmentation without horizontal flips (chest)
                  --auc-average A       micro | macro | weighted for more than two classes (micro)
                run
                  --seed S              seed of head, order, dropout and augmentation (0)
                  --device D            auto | cpu | gpu | gpu:0 | gpu:0,1 (auto; several GPUs train data-parallel)
                  --workers N           CPU threads preparing batches ahead of the device (2)
                  --no-image-cache      decode images from their files every epoch instead of once into the
                                        decoded-image cache (<MedTL cache>/images, bounded by MEDTL_IMAGE_CACHE_LIMIT, 4g)
                """;
    }

    @Override
    public Set<String> flags() {
        return Set.of("no-augment", "no-hflip", "no-restore-best", "no-image-cache");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        List<String> known = new ArrayList<>(VALUE_KEYS);
        known.addAll(List.of("manifest", "out", "folds", "random-seed", "no-augment", "no-hflip", "no-restore-best",
                "no-image-cache"));
        args.allowOptionsOnly(Set.copyOf(known));
        FineTuneSettings settings = settings(args);
        Path manifest = Path.of(args.require("manifest"));
        Path output = Path.of(args.require("out"));
        long[] last = {0};
        FineTuneResult r = FineTuner.run(settings, manifest, output, p -> report(p, err, last), Interruption::requested);
        for (String w : r.warnings()) {
            err.println("medtl finetune: warning: " + w);
        }
        out.println(Json.write(summary(r)));
        return 0;
    }

    /** Builds the settings through the same {@code fromConfig} the KNIME node uses. */
    static FineTuneSettings settings(Args args) {
        if (args.has("weights") == args.has("random-seed")) {
            throw new Args.UsageException("give either --weights MODEL_FOLDER or --random-seed N (random-initialisation baseline)");
        }
        MapConfig c = new MapConfig();
        for (String key : VALUE_KEYS) {
            if (args.has(key)) {
                String v = args.get(key, null);
                c.addString(key, v);
            }
        }
        if (!args.has("arch") && args.has("weights")) {
            c.addString("arch", "");
        }
        if (args.has("random-seed")) {
            c.addString("init-seed", args.get("random-seed", "0"));
        }
        if (args.has("folds")) {
            c.addStringList("folds", Arrays.stream(args.get("folds", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        c.addBoolean("augment", !args.flag("no-augment"));
        c.addBoolean("hflip", !args.flag("no-hflip"));
        c.addBoolean(FineTuneSettings.KEY_IMAGE_CACHE, !args.flag("no-image-cache"));
        c.addBoolean("restore-best", !args.flag("no-restore-best"));
        FineTuneSettings s;
        try {
            s = FineTuneSettings.fromConfig(c);
        } catch (InvalidConfigException e) {
            throw new Args.UsageException(e.getMessage());
        }
        refuseOptionsThatDoNotApply(args, s);
        return s;
    }

    /** An option given for another optimizer, schedule or mode would silently do nothing: say so instead. */
    private static void refuseOptionsThatDoNotApply(Args args, FineTuneSettings s) {
        String mode = s.mode().toString();
        List<String[]> rules = List.of(
                new String[] {"momentum", "--optimizer sgd", s.optimizer() == FineTuneSettings.Optimizer.SGD ? "" : "--optimizer is adam"},
                new String[] {"step-epochs", "--schedule step", s.schedule() == FineTuneSettings.Schedule.STEP ? "" : "--schedule is "
                        + s.schedule().name().toLowerCase(java.util.Locale.ROOT)},
                new String[] {"step-gamma", "--schedule step", s.schedule() == FineTuneSettings.Schedule.STEP ? "" : "--schedule is "
                        + s.schedule().name().toLowerCase(java.util.Locale.ROOT)},
                new String[] {"head-lr", "--mode freeze-then-finetune", stagedHead(s) ? "" : "--mode is " + mode},
                new String[] {"head-epochs", "--mode freeze-then-finetune", stagedHead(s) ? "" : "--mode is " + mode},
                new String[] {"head-monitor", "--mode freeze-then-finetune", stagedHead(s) ? "" : "--mode is " + mode},
                new String[] {"head-patience", "--mode freeze-then-finetune", stagedHead(s) ? "" : "--mode is " + mode},
                new String[] {"no-hflip", "augmentation", s.augment() ? "" : "--no-augment turns augmentation off"});
        for (String[] r : rules) {
            if (args.has(r[0]) && !r[2].isEmpty()) {
                throw new Args.UsageException("--" + r[0] + " applies with " + r[1] + " only, and " + r[2] + ": it would be ignored; drop it"
                        + (r[0].equals("no-hflip") ? "" : " or choose " + r[1]));
            }
        }
    }

    private static boolean stagedHead(FineTuneSettings s) {
        return s.mode().kind() == org.medtl.core.training.TrainingMode.Kind.FREEZE_THEN_FINETUNE;
    }

    static Map<String, Object> summary(FineTuneResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output", r.output().toString());
        m.put("device", r.device());
        m.put("classes", r.classes());
        m.put("auc_average", r.aucAverage());
        List<Object> folds = new ArrayList<>();
        for (FineTuneResult.FoldResult f : r.folds()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("fold", f.fold());
            fm.put("auc", f.auc());
            fm.put("accuracy", f.accuracy());
            fm.put("test_images", f.testImages());
            fm.put("best_epochs", f.bestEpochs());
            fm.put("model", f.modelFolder().toString());
            folds.add(fm);
        }
        m.put("folds", folds);
        m.put("auc_mean", r.meanAuc());
        m.put("auc_std", r.stdAuc());
        m.put("warnings", r.warnings());
        return m;
    }

    private static void report(TrainingProgress p, PrintStream err, long[] last) {
        long now = System.nanoTime();
        // Run-wide notes (the decoded-image cache: its size, bound and file) are printed whenever they come, except
        // the cache's per-batch "decoded k/n" steps (fractions between 0 and 1), which are throttled like batches.
        boolean note = p.fold().isEmpty() && p.fraction() <= 0;
        if (now - last[0] > 5_000_000_000L || p.fraction() >= 1 || note) {
            last[0] = now;
            err.printf("medtl finetune: %3.0f%% %s%n", 100 * p.fraction(), p.message());
        }
    }
}
