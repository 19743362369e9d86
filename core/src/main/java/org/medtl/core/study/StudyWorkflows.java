package org.medtl.core.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.Spatial;
import org.medtl.core.config.MapConfig;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.WeightSource;
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.training.FineTuneSettings;
import org.medtl.core.training.TrainingMode;

/**
 * Generates the workflows under {@code test-workflows/} from the nodes' own settings records, so that a
 * workflow can only hold settings the nodes accept. Run {@code ./medtl workflows} (or this class's main)
 * after changing a settings record; a test checks that the committed workflows are what this writes.
 */
public final class StudyWorkflows {

    /** The seven datasets of the study: key, preset, input px, horizontal flip. */
    private record Target(String key, String preset, int size, boolean flip) {
    }

    static final List<Target> TARGETS = List.of(new Target("thyroid", "thyroid", 256, true), new Target("breast", "breast", 256, true),
            new Target("chest", "chest", 112, false), new Target("mammograms", "mammograms", 224, true), new Target("knee", "knee", 112, true),
            new Target("isic", "isic", 112, true), new Target("pcam-small", "pcam-small", 96, true));

    private StudyWorkflows() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args.length > 0 ? args[0] : "test-workflows");
        writeAll(root);
        System.out.println("workflows written under " + root.toAbsolutePath());
    }

    /**
     * Writes every workflow into {@code root}, replacing each workflow folder. Only files this writes are
     * replaced: when a workflow folder holds anything else (a user's notes, what KNIME saved there), nothing is
     * changed and the error names that file.
     */
    public static void writeAll(Path root) throws IOException {
        Map<String, WorkflowBuilder> all = all();
        for (String name : all.keySet()) {
            requireOnlyGenerated(root.resolve(name));
        }
        for (Map.Entry<String, WorkflowBuilder> e : all.entrySet()) {
            Path dir = root.resolve(e.getKey());
            deleteTree(dir);
            e.getValue().write(dir);
        }
    }

    /** Files a generated workflow folder holds: the workflow's own and each node folder's settings.xml. */
    private static final java.util.Set<String> WORKFLOW_FILES = java.util.Set.of("workflow.knime", WorkflowMetadataFiles.METADATA_FILE,
            WorkflowMetadataFiles.LEGACY_METADATA_FILE);
    private static final java.util.regex.Pattern NODE_FOLDER = java.util.regex.Pattern.compile(".+ \\(#\\d+\\)");

    private static void requireOnlyGenerated(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is a file where the workflow folder '" + dir.getFileName() + "' goes; nothing was written."
                    + " Move it away, or write the workflows into another folder.");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                Path rel = dir.relativize(p);
                boolean generated = rel.toString().isEmpty()
                        || rel.getNameCount() == 1 && (WORKFLOW_FILES.contains(rel.toString())
                                || Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && NODE_FOLDER.matcher(rel.toString()).matches())
                        || rel.getNameCount() == 2 && NODE_FOLDER.matcher(rel.getName(0).toString()).matches()
                                && rel.getName(1).toString().equals("settings.xml") && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (!generated) {
                    throw new IOException("Workflow folder " + dir + " holds " + rel + ", which './medtl workflows' did not write;"
                            + " it replaces only its own files (workflow.knime, workflow-metadata.xml, workflowset.meta, node folders'"
                            + " settings.xml). Nothing was written: move that file out of the folder, or write the workflows into"
                            + " another folder.");
                }
            }
        }
    }

    /** Workflow name -> builder. */
    static Map<String, WorkflowBuilder> all() {
        Map<String, WorkflowBuilder> m = new LinkedHashMap<>();
        m.put("quick-study", quickStudy());
        m.put("revisiting-study", revisitingStudy());
        m.putAll(perNode());
        return m;
    }

    // ---- settings helpers: every value goes through the record that validates it ----

    private static MapConfig config(java.util.function.Consumer<org.medtl.core.config.ConfigWriter> writer) {
        MapConfig c = new MapConfig();
        writer.accept(c);
        return c;
    }

    static MapConfig synthetic(String task, int n, int size, String scheme, int folds, long seed) {
        return config(DatasetSettings.of("n=" + n + ",size=" + size).withPreset(task).withFolds(scheme, folds, seed)::toConfig);
    }

    static MapConfig random(String arch, long seed, int size) {
        return config(new BackboneSettings(arch, WeightSource.RANDOM, null, seed, "torchvision", size)::toConfig);
    }

    static MapConfig fineTune(TrainingMode mode, List<String> folds, int epochs, int batch, double lr, int patience, boolean augment,
            boolean flip, long seed) {
        FineTuneSettings s = FineTuneSettings.builder().arch("").preprocess("").mode(mode).folds(folds).epochs(epochs).batchSize(batch).learningRate(lr)
                .patience(patience).augment(augment).horizontalFlip(flip).seed(seed).workers(2).build();
        return config(s::toConfig);
    }

    /**
     * The paper's layers with every position a data point. {@code ALL} keeps every evaluation image so the
     * comparator draws new images for each repeat, as the paper did; {@code STUDY} keeps only the first
     * round(10000/(h*w)) images per layer, which bounds disk use at full resolution.
     */
    static MapConfig extraction(long seed, ExtractionSettings.ImageCount images) {
        ExtractionSettings study = ExtractionSettings.study();
        return config(new ExtractionSettings(study.layers(), new Spatial(Spatial.Mode.ALL, 0), 0, seed, images, 32, "auto")::toConfig);
    }

    static MapConfig comparison(long seed) {
        return config(ComparisonSettings.study(seed)::toConfig);
    }

    /**
     * The study's comparison with {@code channels} random channels per repeat: CCA needs more data points
     * (images x positions) than channels at every layer, which small runs (few images at 32 px, where the
     * last block has one position per image) do not have for the paper's 64.
     */
    static MapConfig comparison(long seed, int channels) {
        ComparisonSettings s = ComparisonSettings.study(seed);
        return config(new ComparisonSettings(s.measures(), s.layers(), s.epsilon(), s.varianceFraction(), s.directions(), channels, s.positions(),
                s.repeats(), s.seed())::toConfig);
    }

    private static String labels(String... kv) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            parts.add(kv[i] + "=" + kv[i + 1]);
        }
        return String.join("; ", parts);
    }

    // ---- the quick study ----

    /**
     * The whole study on SYNTHETIC data in minutes on two CPU cores: two narrow ResNet-18 backbones
     * ({@code torchvision-resnet18-narrow}) pretrained on a natural-image-like and a radiology-like synthetic source task stand in for ImageNet
     * and RadImageNet; with a random-init baseline they are fine-tuned on a hard synthetic ultrasound task
     * (few patients, small faint lesions) with 3 patient-grouped folds and {@link QuickScale#seeds} training
     * seeds, then compared layer by layer (mean CCA, first seed) and by their predictions. The tasks are designed
     * so that the initialisation matters (docs/synthetic-study.md); the report measures by how much.
     */
    static WorkflowBuilder quickStudy() {
        return quickStudy(QuickScale.DEFAULT);
    }

    /**
     * Sizes of the quick study; the tests run a smaller one end to end. {@code seeds} fine-tuning seeds per
     * initialisation (each over every fold), so the report can state the spread over folds and seeds. The
     * radiology-like source gets more images than the natural-like one because its lesions are harder to learn
     * (its pretraining reaches a lower validation AUC), and its features are the ones the target needs.
     */
    record QuickScale(int naturalImages, int radiologyImages, int targetImages, int size, int folds, int pretrainEpochs, int epochs,
            int ccaChannels, int seeds) {
        static final QuickScale DEFAULT = new QuickScale(1000, 2000, 600, 40, 3, 8, 5, 64, 2);
    }

    /**
     * Learning rate of the quick study's fine-tuning (Adam): low enough that fine-tuning all layers on a few hundred
     * faint examples adapts the pretrained features rather than overwriting them (docs/synthetic-study.md, "Scale 4").
     */
    static final double QUICK_FINETUNE_LR = 3e-4;

    /** Seed of the quick study's fine-tuning runs; further seeds count up from it. */
    static final long QUICK_FINETUNE_SEED = 5;

    static WorkflowBuilder quickStudy(QuickScale q) {
        WorkflowBuilder b = new WorkflowBuilder("MedTL quick study (SYNTHETIC data): ImageNet vs RadImageNet stand-ins on a synthetic ultrasound task");
        int size = q.size();
        String arch = Architecture.TORCHVISION_RESNET18_NARROW.key();
        int natural = b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", labels("role", "synthetic natural-image source task"),
                synthetic("synthetic-natural", q.naturalImages(), size, "nested", 5, 11), Map.of());
        int radiology = b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", labels("role", "synthetic radiology source task"),
                synthetic("synthetic-radiology", q.radiologyImages(), size, "nested", 5, 12), Map.of());
        int target = b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", labels("role", "synthetic ultrasound target task"),
                synthetic("synthetic-ultrasound", q.targetImages(), size, "nested-group", q.folds(), 2), Map.of());
        int initIn = b.node(BackboneStep.FACTORY, "Pretrained Backbone", labels("init", "random (before pretraining, IN stand-in)"),
                random(arch, 101, size), Map.of());
        int initRin = b.node(BackboneStep.FACTORY, "Pretrained Backbone", labels("init", "random (before pretraining, RIN stand-in)"),
                random(arch, 202, size), Map.of());
        int randomInit = b.node(BackboneStep.FACTORY, "Pretrained Backbone", labels("init", "random"), random(arch, 303, size), Map.of());
        MapConfig pretrain = fineTune(TrainingMode.parse("full"), List.of("0"), q.pretrainEpochs(), 32, 1e-3, 0, false, true, 7);
        int preIn = b.node(FineTunerStep.FACTORY, "GPU Fine-Tuner", labels("report", "false", "role", "pretrain the ImageNet stand-in"),
                pretrain, Map.of());
        int preRin = b.node(FineTunerStep.FACTORY, "GPU Fine-Tuner", labels("report", "false", "role", "pretrain the RadImageNet stand-in"),
                pretrain, Map.of());
        b.connect(initIn, 1, preIn, 1).connect(natural, 1, preIn, 2);
        b.connect(initRin, 1, preRin, 1).connect(radiology, 1, preRin, 2);
        MapConfig transfer = random(arch, 0, size);
        int in = b.node(BackboneStep.FACTORY, "Pretrained Backbone", labels("init", "ImageNet stand-in (synthetic natural images)"), transfer,
                Map.of());
        int rin = b.node(BackboneStep.FACTORY, "Pretrained Backbone", labels("init", "RadImageNet stand-in (synthetic radiology)"), transfer,
                Map.of());
        b.connect(preIn, 1, in, 1).connect(preRin, 1, rin, 1);
        Map<String, Integer> tuned = new LinkedHashMap<>();
        Map<String, Integer> backbones = new LinkedHashMap<>();
        backbones.put("ImageNet", in);
        backbones.put("RadImageNet", rin);
        backbones.put("random", randomInit);
        for (Map.Entry<String, Integer> e : backbones.entrySet()) {
            tuned.put(e.getKey(), targetFineTuner(b, e.getKey(), e.getValue(), target, q, QUICK_FINETUNE_SEED));
        }
        Map<String, Integer> acts = new LinkedHashMap<>();
        MapConfig extract = extraction(3, ExtractionSettings.ImageCount.ALL);
        Map<String, Integer> models = new LinkedHashMap<>();
        models.put("IN", in);
        models.put("RIN", rin);
        models.put("IN-FT", tuned.get("ImageNet"));
        models.put("RIN-FT", tuned.get("RadImageNet"));
        models.put("random", initIn);
        models.put("random-2", randomInit);
        for (Map.Entry<String, Integer> e : models.entrySet()) {
            int a = b.node(ActivationExtractorStep.FACTORY, "Activation Extractor", labels("model", e.getKey()), extract, Map.of());
            b.connect(e.getValue(), 1, a, 1).connect(target, 1, a, 2);
            acts.put(e.getKey(), a);
        }
        String[][] pairs = {{"IN", "RIN"}, {"IN-FT", "RIN-FT"}, {"IN", "IN-FT"}, {"RIN", "RIN-FT"}, {"random", "random-2"}};
        for (String[] p : pairs) {
            int c = b.node(CcaComparatorStep.FACTORY, "CCA Comparator", labels("dataset", "synthetic-ultrasound", "pair", p[0] + " vs " + p[1]),
                    comparison(17, q.ccaChannels()), Map.of());
            b.connect(acts.get(p[0]), 1, c, 1).connect(acts.get(p[1]), 1, c, 2);
        }
        int agree = b.node(PredictionAgreementStep.FACTORY, "Prediction Agreement", labels("dataset", "synthetic-ultrasound", "pair", "IN-FT vs RIN-FT"),
                new MapConfig(), Map.of());
        b.connect(tuned.get("ImageNet"), 2, agree, 1).connect(tuned.get("RadImageNet"), 2, agree, 2);
        int agreeRandom = b.node(PredictionAgreementStep.FACTORY, "Prediction Agreement",
                labels("dataset", "synthetic-ultrasound", "pair", "IN-FT vs random-FT"), new MapConfig(), Map.of());
        b.connect(tuned.get("ImageNet"), 2, agreeRandom, 1).connect(tuned.get("random"), 2, agreeRandom, 2);
        // Further seeds come last, so that the nodes above keep their numbers whatever the number of seeds.
        for (int seed = 1; seed < q.seeds(); seed++) {
            for (Map.Entry<String, Integer> e : backbones.entrySet()) {
                targetFineTuner(b, e.getKey(), e.getValue(), target, q, QUICK_FINETUNE_SEED + seed);
            }
        }
        return b;
    }

    /** Fine-tunes one initialisation on the quick study's target task with one seed, every fold. */
    private static int targetFineTuner(WorkflowBuilder b, String init, int backbone, int target, QuickScale q, long seed) {
        MapConfig finetune = fineTune(TrainingMode.parse("full"), List.of(), q.epochs(), 32, QUICK_FINETUNE_LR, 3, true, true, seed);
        int ft = b.node(FineTunerStep.FACTORY, "GPU Fine-Tuner", labels("dataset", "synthetic-ultrasound", "init", init, "mode", "full", "seed",
                Long.toString(seed)), finetune, Map.of());
        b.connect(backbone, 1, ft, 1).connect(target, 1, ft, 2);
        return ft;
    }

    // ---- the full study ----

    /**
     * The study on the seven real datasets: {ImageNet, RadImageNet, random} x {fine-tune,
     * freeze-then-fine-tune} x 5 folds, the paper's CCA pairs and prediction agreement. Dataset folders and
     * weight files are workflow variables ({@code <dataset>_dir}, {@code imagenet_weights},
     * {@code radimagenet_weights}).
     */
    static WorkflowBuilder revisitingStudy() {
        WorkflowBuilder b = new WorkflowBuilder("Revisiting Hidden Representations in Transfer Learning for Medical Imaging (TMLR 2023): full study");
        b.variable("imagenet_weights", "/data/weights/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5");
        b.variable("radimagenet_weights", "/data/weights/RadImageNet-ResNet50_notop.h5");
        // The study's network and file format; overridable so the same workflow can run on other weights
        // (e.g. torchvision-resnet50 with .pth files, or small networks in the tests).
        b.variable("architecture", "keras-resnet50");
        b.variable("weight_source", "keras-h5");
        b.variable("epochs", 200);
        b.variable("head_epochs", 200);
        b.variable("device", "auto");
        String arch = "keras-resnet50";
        for (Target t : TARGETS) {
            b.variable(t.key() + "_dir", "/data/" + t.key());
        }
        // The study's input side per dataset; overridable so that the same workflow runs on small images
        // (e.g. the tests' miniature releases) without changing the nodes.
        for (Target t : TARGETS) {
            b.variable(t.key() + "_input_size", t.size());
        }
        // The paper's 64 random channels per CCA repeat need more than 64 data points (images x positions)
        // per layer; tiny samples (the tests') have fewer and pass a smaller number.
        b.variable("cca_channels", 64);
        Map<String, String> pretrainedBindings = Map.of(BackboneSettings.KEY_ARCHITECTURE, "architecture", BackboneSettings.KEY_SOURCE, "weight_source");
        for (Target t : TARGETS) {
            MapConfig data = config(DatasetSettings.of("/data/" + t.key()).withPreset(t.preset()).withFolds("auto", 5, 2)::toConfig);
            int reader = b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", labels("dataset", t.key()), data,
                    Map.of("source", t.key() + "_dir"));
            Map<String, Integer> backbone = new LinkedHashMap<>();
            String sizeVariable = t.key() + "_input_size";
            Map<String, String> in = new LinkedHashMap<>(pretrainedBindings);
            in.put(BackboneSettings.KEY_INPUT_SIZE, sizeVariable);
            in.put(BackboneSettings.KEY_FILE, "imagenet_weights");
            backbone.put("ImageNet", b.node(BackboneStep.FACTORY, "Pretrained Backbone", labels("init", "ImageNet"),
                    config(new BackboneSettings(arch, WeightSource.KERAS_H5, Paths.get("/data/weights/imagenet.h5"), 0, "caffe", t.size())::toConfig),
                    in));
            Map<String, String> rin = new LinkedHashMap<>(pretrainedBindings);
            rin.put(BackboneSettings.KEY_INPUT_SIZE, sizeVariable);
            rin.put(BackboneSettings.KEY_FILE, "radimagenet_weights");
            backbone.put("RadImageNet", b.node(BackboneStep.FACTORY, "Pretrained Backbone", labels("init", "RadImageNet"),
                    config(new BackboneSettings(arch, WeightSource.KERAS_H5, Paths.get("/data/weights/radimagenet.h5"), 0, "caffe", t.size())::toConfig),
                    rin));
            backbone.put("random", b.node(BackboneStep.FACTORY, "Pretrained Backbone", labels("init", "random"),
                    config(new BackboneSettings(arch, WeightSource.RANDOM, null, 1, "caffe", t.size())::toConfig),
                    Map.of(BackboneSettings.KEY_ARCHITECTURE, "architecture", BackboneSettings.KEY_INPUT_SIZE, sizeVariable)));
            Map<String, Integer> tuned = new LinkedHashMap<>();
            for (String mode : List.of("full", "freeze-then-finetune")) {
                int batch = t.key().equals("breast") ? 16 : 128;
                MapConfig ft = config(FineTuneSettings.builder().arch("").preprocess("").mode(TrainingMode.parse(mode)).batchSize(batch).horizontalFlip(t.flip()).seed(2)
                        .build()::toConfig);
                for (Map.Entry<String, Integer> e : backbone.entrySet()) {
                    if (e.getKey().equals("random") && !mode.equals("full")) {
                        continue; // the paper's random baseline is only fine-tuned fully
                    }
                    int node = b.node(FineTunerStep.FACTORY, "GPU Fine-Tuner", labels("dataset", t.key(), "init", e.getKey(), "mode", mode), ft,
                            Map.of("epochs", "epochs", "head-epochs", "head_epochs", "device", "device"));
                    b.connect(e.getValue(), 1, node, 1).connect(reader, 1, node, 2);
                    tuned.put(e.getKey() + "/" + mode, node);
                }
            }
            Map<String, Integer> acts = new LinkedHashMap<>();
            Map<String, Integer> models = new LinkedHashMap<>();
            models.put("IN", backbone.get("ImageNet"));
            models.put("RIN", backbone.get("RadImageNet"));
            models.put("IN-FT", tuned.get("ImageNet/full"));
            models.put("RIN-FT", tuned.get("RadImageNet/full"));
            models.put("random", backbone.get("random"));
            models.put("random-FT", tuned.get("random/full"));
            for (Map.Entry<String, Integer> e : models.entrySet()) {
                int a = b.node(ActivationExtractorStep.FACTORY, "Activation Extractor", labels("dataset", t.key(), "model", e.getKey()),
                        extraction(3, ExtractionSettings.ImageCount.STUDY), Map.of());
                b.connect(e.getValue(), 1, a, 1).connect(reader, 1, a, 2);
                acts.put(e.getKey(), a);
            }
            String[][] pairs = {{"IN", "RIN"}, {"IN-FT", "RIN-FT"}, {"IN", "IN-FT"}, {"RIN", "RIN-FT"}, {"IN-FT", "random-FT"},
                {"RIN-FT", "random-FT"}, {"random", "random-FT"}};
            for (String[] p : pairs) {
                int c = b.node(CcaComparatorStep.FACTORY, "CCA Comparator", labels("dataset", t.key(), "pair", p[0] + " vs " + p[1]), comparison(17),
                        Map.of(ComparisonSettings.CFG_CHANNELS, "cca_channels"));
                b.connect(acts.get(p[0]), 1, c, 1).connect(acts.get(p[1]), 1, c, 2);
            }
            int agree = b.node(PredictionAgreementStep.FACTORY, "Prediction Agreement", labels("dataset", t.key(), "pair", "IN-FT vs RIN-FT"),
                    new MapConfig(), Map.of());
            b.connect(tuned.get("ImageNet/full"), 2, agree, 1).connect(tuned.get("RadImageNet/full"), 2, agree, 2);
        }
        return b;
    }

    // ---- one small workflow per node ----

    static Map<String, WorkflowBuilder> perNode() {
        Map<String, WorkflowBuilder> m = new LinkedHashMap<>();
        String arch = "torchvision-resnet18";
        int size = 32;

        // The source and the number of folds are workflow variables, as in KNIME's own save of this workflow
        // with variables bound (shared/reference/knime-saved/dataset-reader-variables-executed).
        WorkflowBuilder reader = new WorkflowBuilder("Medical Dataset Reader: synthetic ultrasound, nested patient-grouped folds");
        reader.variable("dataset_source", "n=40,size=" + size);
        reader.variable("n_folds", 2);
        reader.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", labels("role", "target"), synthetic("synthetic-ultrasound", 40, size,
                "nested-group", 2, 1), Map.of("source", "dataset_source", "folds", "n_folds"));
        m.put("node-dataset-reader", reader);

        WorkflowBuilder backbone = new WorkflowBuilder("Pretrained Backbone: seeded random ResNet-18 at 32 px");
        backbone.node(BackboneStep.FACTORY, "Pretrained Backbone", labels("init", "random"), random(arch, 5, size), Map.of());
        m.put("node-pretrained-backbone", backbone);

        WorkflowBuilder tuner = new WorkflowBuilder("GPU Fine-Tuner: two folds of a tiny synthetic task, freeze-then-fine-tune");
        int data = tuner.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", null, synthetic("synthetic-ultrasound", 40, size, "nested-group",
                2, 1), Map.of());
        int bb = tuner.node(BackboneStep.FACTORY, "Pretrained Backbone", null, random(arch, 5, size), Map.of());
        // One epoch for the head as well: the default (up to 200 head epochs with early stopping) would make
        // this demonstration of the node take minutes.
        MapConfig oneEpochEachPhase = config(FineTuneSettings.builder().arch("").preprocess("").mode(TrainingMode.parse("freeze-then-finetune")).epochs(1)
                .headEpochs(1).batchSize(8).learningRate(1e-3).patience(0).augment(true).horizontalFlip(true).seed(3).workers(2).build()::toConfig);
        int ft = tuner.node(FineTunerStep.FACTORY, "GPU Fine-Tuner", labels("dataset", "synthetic-ultrasound", "init", "random", "mode",
                "freeze-then-finetune"), oneEpochEachPhase, Map.of());
        tuner.connect(bb, 1, ft, 1).connect(data, 1, ft, 2);
        m.put("node-gpu-fine-tuner", tuner);

        // CCA needs more data points than random channels at every layer: at 32 px the last block has one
        // position per image, so 80 images (about 40 per evaluation fold) and 16 channels keep every layer valid.
        WorkflowBuilder acts = new WorkflowBuilder("Activation Extractor and CCA Comparator: two random ResNet-18s on a tiny synthetic task");
        acts.variable("cca_channels", 16);
        int d2 = acts.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", null, synthetic("synthetic-ultrasound", 80, size, "nested-group", 2,
                1), Map.of());
        int b1 = acts.node(BackboneStep.FACTORY, "Pretrained Backbone", null, random(arch, 5, size), Map.of());
        int b2 = acts.node(BackboneStep.FACTORY, "Pretrained Backbone", null, random(arch, 6, size), Map.of());
        int a1 = acts.node(ActivationExtractorStep.FACTORY, "Activation Extractor", null, extraction(3, ExtractionSettings.ImageCount.ALL), Map.of());
        int a2 = acts.node(ActivationExtractorStep.FACTORY, "Activation Extractor", null, extraction(3, ExtractionSettings.ImageCount.ALL), Map.of());
        acts.connect(b1, 1, a1, 1).connect(d2, 1, a1, 2).connect(b2, 1, a2, 1).connect(d2, 1, a2, 2);
        int cca = acts.node(CcaComparatorStep.FACTORY, "CCA Comparator", labels("dataset", "synthetic-ultrasound", "pair", "random vs random-2"),
                comparison(17, 16), Map.of(ComparisonSettings.CFG_CHANNELS, "cca_channels"));
        acts.connect(a1, 1, cca, 1).connect(a2, 1, cca, 2);
        m.put("node-activations-and-cca", acts);
        return m;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
