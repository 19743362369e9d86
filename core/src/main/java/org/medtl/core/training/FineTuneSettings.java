package org.medtl.core.training;

import org.medtl.core.model.Architecture;

import org.medtl.core.config.Config;
import org.medtl.core.config.ConfigWriter;
import org.medtl.core.config.InvalidConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything that defines a fine-tuning run; the config keys are the KNIME node's keys and the CLI's
 * option names. Defaults follow the study's final code (STUDY.md, "Training protocol").
 *
 * @param arch           architecture id of the backbone (e.g. {@code keras-resnet50})
 * @param weights        backbone weight file or model folder; empty for the random-initialisation baseline
 * @param initSeed       seed of the random initialisation when {@code weights} is empty
 * @param preprocess     preprocessing preset name
 * @param size           input size in pixels (square); 0 = the preset's default
 * @param mode           which parameters train
 * @param folds          fold names to run (the manifest's fold columns); empty = every fold
 * @param epochs         epoch limit of the (final) fine-tuning stage
 * @param batchSize      images per optimiser step (split across GPUs when several are used)
 * @param learningRate   learning rate of the fine-tuning stage (study: 1e-5)
 * @param optimizer      Adam (study) or SGD with momentum
 * @param momentum       SGD momentum
 * @param weightDecay    L2 weight decay added to the gradient (0 = none, as in the study)
 * @param schedule       learning-rate schedule over epochs
 * @param stepEpochs     {@link Schedule#STEP}: epochs between decays
 * @param stepGamma      {@link Schedule#STEP}: factor per decay
 * @param monitor        early-stopping quantity of the fine-tuning stage (study: validation loss)
 * @param patience       epochs without improvement before stopping (study: 30); 0 = no early stopping
 * @param restoreBest    restore the weights of the best epoch at the end of each stage
 * @param headLearningRate freeze-then-finetune stage 1 learning rate (study: 1e-3)
 * @param headEpochs     freeze-then-finetune stage 1 epoch limit
 * @param headMonitor    freeze-then-finetune stage 1 early-stopping quantity (study: validation accuracy)
 * @param headPatience   freeze-then-finetune stage 1 patience (study: 10)
 * @param classWeights   {@code none}, {@code balanced} (n / (C * n_c) on the training split) or
 *                       explicit weights {@code w0,w1,...}
 * @param dropout        dropout rate before the dense layer (study: 0.5)
 * @param augment        the study's augmentation on training images
 * @param horizontalFlip random horizontal flips (the study turns them off for chest X-rays)
 * @param aucAverage     multi-class AUC averaging: micro (study, final code), macro or weighted (v1)
 * @param seed           seed of every random choice of the run (head, dropout, order, augmentation)
 * @param device         {@code auto}, {@code cpu}, {@code gpu}, {@code gpu:0} or {@code gpu:0,1}
 * @param workers        CPU threads that load and augment batches ahead of the device
 * @param imageCache     decode every image once into the decoded-image cache ({@code docs/dataset.md}) and read
 *                       it from there in later epochs, folds and runs; off decodes from the files every epoch.
 *                       Added in MedTL 0.2: settings saved before it have no key and mean on
 */
public record FineTuneSettings(String arch, String weights, long initSeed, String preprocess, int size,
        TrainingMode mode, List<String> folds, int epochs, int batchSize, double learningRate,
        Optimizer optimizer, double momentum, double weightDecay, Schedule schedule, int stepEpochs,
        double stepGamma, Monitor monitor, int patience, boolean restoreBest, double headLearningRate,
        int headEpochs, Monitor headMonitor, int headPatience, String classWeights, double dropout,
        boolean augment, boolean horizontalFlip, String aucAverage, long seed, String device, int workers,
        boolean imageCache) {

    /** Config key and CLI option of {@link #imageCache}. */
    public static final String KEY_IMAGE_CACHE = "image-cache";

    public enum Optimizer { ADAM, SGD }

    public enum Schedule { CONSTANT, STEP, COSINE }

    /** Early-stopping quantities; loss is minimised, the others maximised. */
    public enum Monitor {
        VAL_LOSS, VAL_AUC, VAL_ACCURACY;

        boolean higherIsBetter() {
            return this != VAL_LOSS;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FineTuneSettings {
        folds = List.copyOf(folds);
        check(epochs >= 1, "epochs", epochs + " must be at least 1");
        check(batchSize >= 1, "batch", batchSize + " must be at least 1");
        check(learningRate > 0 && Double.isFinite(learningRate), "lr", learningRate + " must be a positive number");
        check(headLearningRate > 0 && Double.isFinite(headLearningRate), "head-lr", headLearningRate + " must be a positive number");
        check(headEpochs >= 1, "head-epochs", headEpochs + " must be at least 1");
        check(patience >= 0, "patience", patience + " must be 0 (off) or more");
        check(headPatience >= 0, "head-patience", headPatience + " must be 0 (off) or more");
        check(dropout >= 0 && dropout < 1, "dropout", dropout + " must be in [0, 1)");
        check(momentum >= 0 && momentum < 1, "momentum", momentum + " must be in [0, 1)");
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight-decay", weightDecay + " must be a number, not negative");
        check(stepEpochs >= 1, "step-epochs", stepEpochs + " must be at least 1");
        check(stepGamma > 0 && stepGamma <= 1, "step-gamma", stepGamma + " must be in (0, 1]");
        check(size == 0 || size >= Architecture.MIN_INPUT_SIZE, "size",
                size + " must be 0 (preset default) or at least " + Architecture.MIN_INPUT_SIZE + " pixels (the smallest input the networks take)");
        check(workers >= 1, "workers", workers + " must be at least 1");
        check(List.of("micro", "macro", "weighted").contains(aucAverage), "auc-average",
                "'" + aucAverage + "' must be micro, macro or weighted");
        ClassWeights.parse(classWeights);
        arch = arch == null ? "" : arch;
        weights = weights == null ? "" : weights;
        preprocess = preprocess == null ? "" : preprocess;
        device = device == null || device.isBlank() ? "auto" : device;
    }

    /** The study's protocol for one architecture: Adam 1e-5, 200 epochs, early stop on val loss, patience 30. */
    /**
     * The settings with the backbone taken from a model folder, as the GPU Fine-Tuner node does with its
     * backbone port: architecture, weights and preprocessing come from the model, never from settings, so
     * weights and layout cannot be mixed.
     */
    public FineTuneSettings withBackbone(java.nio.file.Path modelFolder) {
        return toBuilder().arch("").weights(modelFolder.toString()).preprocess("").build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Reads and validates the settings; messages name the key. */
    public static FineTuneSettings fromConfig(Config c) throws InvalidConfigException {
        FineTuneSettings d = builder().build();
        try {
            return new FineTuneSettings(c.getString("arch", d.arch), c.getString("weights", d.weights),
                    c.getLong("init-seed", d.initSeed),
                    c.getString("preprocess", d.preprocess), c.getInt("size", d.size),
                    TrainingMode.parse(c.getString("mode", d.mode.toString())),
                    c.getStringList("folds", d.folds),
                    c.getInt("epochs", d.epochs), c.getInt("batch", d.batchSize), c.getDouble("lr", d.learningRate),
                    parse(Optimizer.class, "optimizer", c.getString("optimizer", d.optimizer.name())),
                    c.getDouble("momentum", d.momentum), c.getDouble("weight-decay", d.weightDecay),
                    parse(Schedule.class, "schedule", c.getString("schedule", d.schedule.name())),
                    c.getInt("step-epochs", d.stepEpochs), c.getDouble("step-gamma", d.stepGamma),
                    parse(Monitor.class, "monitor", c.getString("monitor", d.monitor.key())),
                    c.getInt("patience", d.patience), c.getBoolean("restore-best", d.restoreBest),
                    c.getDouble("head-lr", d.headLearningRate), c.getInt("head-epochs", d.headEpochs),
                    parse(Monitor.class, "head-monitor", c.getString("head-monitor", d.headMonitor.key())),
                    c.getInt("head-patience", d.headPatience), c.getString("class-weights", d.classWeights),
                    c.getDouble("dropout", d.dropout), c.getBoolean("augment", d.augment),
                    c.getBoolean("hflip", d.horizontalFlip), c.getString("auc-average", d.aucAverage),
                    c.getLong("seed", d.seed), c.getString("device", d.device),
                    c.getInt("workers", d.workers),
                    // Added after the first saved workflows: a missing key is theirs, and means the default.
                    c.containsKey(KEY_IMAGE_CACHE) ? c.getBoolean(KEY_IMAGE_CACHE) : d.imageCache);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage(), e);
        }
    }

    public void toConfig(ConfigWriter w) {
        w.addString("arch", arch);
        w.addString("weights", weights);
        w.addLong("init-seed", initSeed);
        w.addString("preprocess", preprocess);
        w.addInt("size", size);
        w.addString("mode", mode.toString());
        w.addStringList("folds", folds);
        w.addInt("epochs", epochs);
        w.addInt("batch", batchSize);
        w.addDouble("lr", learningRate);
        w.addString("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
        w.addDouble("momentum", momentum);
        w.addDouble("weight-decay", weightDecay);
        w.addString("schedule", schedule.name().toLowerCase(Locale.ROOT));
        w.addInt("step-epochs", stepEpochs);
        w.addDouble("step-gamma", stepGamma);
        w.addString("monitor", monitor.key());
        w.addInt("patience", patience);
        w.addBoolean("restore-best", restoreBest);
        w.addDouble("head-lr", headLearningRate);
        w.addInt("head-epochs", headEpochs);
        w.addString("head-monitor", headMonitor.key());
        w.addInt("head-patience", headPatience);
        w.addString("class-weights", classWeights);
        w.addDouble("dropout", dropout);
        w.addBoolean("augment", augment);
        w.addBoolean("hflip", horizontalFlip);
        w.addString("auc-average", aucAverage);
        w.addLong("seed", seed);
        w.addString("device", device);
        w.addInt("workers", workers);
        w.addBoolean(KEY_IMAGE_CACHE, imageCache);
    }

    /** Parses an enum setting written in lower case with dashes or underscores. */
    static <E extends Enum<E>> E parse(Class<E> type, String key, String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(t)) {
                return e;
            }
        }
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            known.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("Setting '" + key + "': '" + text + "' is not one of " + String.join(", ", known) + ".");
    }

    private static void check(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Setting '" + key + "': " + message + ".");
        }
    }

    /** Builds settings from the study's defaults. */
    public static final class Builder {
        private String arch = "keras-resnet50";
        private String weights = "";
        private long initSeed = 0;
        private String preprocess = "caffe";
        private int size = 0;
        private TrainingMode mode = new TrainingMode(TrainingMode.Kind.FULL, "");
        private List<String> folds = List.of();
        private int epochs = 200;
        private int batchSize = 128;
        private double learningRate = 1e-5;
        private Optimizer optimizer = Optimizer.ADAM;
        private double momentum = 0.9;
        private double weightDecay = 0;
        private Schedule schedule = Schedule.CONSTANT;
        private int stepEpochs = 30;
        private double stepGamma = 0.1;
        private Monitor monitor = Monitor.VAL_LOSS;
        private int patience = 30;
        private boolean restoreBest = true;
        private double headLearningRate = 1e-3;
        private int headEpochs = 200;
        private Monitor headMonitor = Monitor.VAL_ACCURACY;
        private int headPatience = 10;
        private String classWeights = "none";
        private double dropout = 0.5;
        private boolean augment = true;
        private boolean horizontalFlip = true;
        private String aucAverage = "micro";
        private long seed = 0;
        private String device = "auto";
        private int workers = 2;
        private boolean imageCache = true;

        private Builder() {
        }

        private Builder(FineTuneSettings s) {
            arch = s.arch; weights = s.weights; initSeed = s.initSeed; preprocess = s.preprocess; size = s.size;
            mode = s.mode; folds = s.folds; epochs = s.epochs; batchSize = s.batchSize; learningRate = s.learningRate;
            optimizer = s.optimizer; momentum = s.momentum; weightDecay = s.weightDecay; schedule = s.schedule;
            stepEpochs = s.stepEpochs; stepGamma = s.stepGamma; monitor = s.monitor; patience = s.patience;
            restoreBest = s.restoreBest; headLearningRate = s.headLearningRate; headEpochs = s.headEpochs;
            headMonitor = s.headMonitor; headPatience = s.headPatience; classWeights = s.classWeights;
            dropout = s.dropout; augment = s.augment; horizontalFlip = s.horizontalFlip; aucAverage = s.aucAverage;
            seed = s.seed; device = s.device; workers = s.workers; imageCache = s.imageCache;
        }

        public Builder arch(String v) { arch = v; return this; }
        public Builder weights(String v) { weights = v; return this; }
        public Builder initSeed(long v) { initSeed = v; return this; }
        public Builder preprocess(String v) { preprocess = v; return this; }
        public Builder size(int v) { size = v; return this; }
        public Builder mode(TrainingMode v) { mode = v; return this; }
        public Builder mode(String v) { mode = TrainingMode.parse(v); return this; }
        public Builder folds(List<String> v) { folds = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder optimizer(Optimizer v) { optimizer = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder stepEpochs(int v) { stepEpochs = v; return this; }
        public Builder stepGamma(double v) { stepGamma = v; return this; }
        public Builder monitor(Monitor v) { monitor = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder restoreBest(boolean v) { restoreBest = v; return this; }
        public Builder headLearningRate(double v) { headLearningRate = v; return this; }
        public Builder headEpochs(int v) { headEpochs = v; return this; }
        public Builder headMonitor(Monitor v) { headMonitor = v; return this; }
        public Builder headPatience(int v) { headPatience = v; return this; }
        public Builder classWeights(String v) { classWeights = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder augment(boolean v) { augment = v; return this; }
        public Builder horizontalFlip(boolean v) { horizontalFlip = v; return this; }
        public Builder aucAverage(String v) { aucAverage = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder workers(int v) { workers = v; return this; }
        public Builder imageCache(boolean v) { imageCache = v; return this; }

        public FineTuneSettings build() {
            return new FineTuneSettings(arch, weights, initSeed, preprocess, size, mode, folds, epochs, batchSize,
                    learningRate, optimizer, momentum, weightDecay, schedule, stepEpochs, stepGamma, monitor, patience,
                    restoreBest, headLearningRate, headEpochs, headMonitor, headPatience, classWeights, dropout, augment,
                    horizontalFlip, aucAverage, seed, device, workers, imageCache);
        }
    }
}
