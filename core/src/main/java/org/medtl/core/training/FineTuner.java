package org.medtl.core.training;

import org.medtl.core.io.OutputFolders;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.medtl.core.config.MapConfig;
import org.medtl.core.dataset.DecodedImageCache;
import org.medtl.core.dataset.ImagePipeline;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Preprocessing;
import org.medtl.core.dataset.Sample;
import org.medtl.core.dataset.Split;
import org.medtl.core.model.Architecture;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.model.Classifier;
import org.medtl.core.model.HeadSpec;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.model.Provenance;
import org.medtl.core.model.ResNet;
import org.medtl.core.model.ResNetSpec;
import org.medtl.core.runtime.DeviceChoice;
import org.medtl.core.runtime.DjlRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medtl.core.io.TempOutputs;

/**
 * Cross-validated fine-tuning in one call: for every requested fold of the manifest, a fresh copy of
 * the backbone gets a new head (global average pool, dropout, dense), trains on the fold's train split
 * with early stopping on its val split, and predicts its test split. Outputs (fold model folders,
 * {@code predictions.csv}, {@code history.csv}, {@code metrics.csv}) are written into a temporary folder
 * next to the output folder and moved into place only when every fold has finished, so a failure or a
 * cancel publishes nothing.
 */
public final class FineTuner {

    private FineTuner() {
    }

    /**
     * Runs the study's fine-tuning protocol.
     *
     * @param settings     the run's settings
     * @param manifestCsv  the dataset (docs/manifest.md) with fold columns
     * @param output       output folder; must not exist or be empty, and must not be the manifest's folder
     * @param progress     receives progress once per batch
     * @param cancellation asked once per batch
     * @throws TrainingCancelledException when cancelled (nothing is written)
     * @throws IOException                when the manifest or a file cannot be read or written
     */
    public static FineTuneResult run(FineTuneSettings settings, Path manifestCsv, Path output, ProgressListener progress,
            Cancellation cancellation) throws IOException {
        Manifest manifest = Manifest.read(manifestCsv);
        return run(settings, manifest, fingerprint(manifest), manifestCsv.toAbsolutePath().getParent(), output, progress,
                cancellation);
    }

    static FineTuneResult run(FineTuneSettings s, Manifest manifest, String datasetFingerprint, Path inputFolder, Path output,
            ProgressListener progress, Cancellation cancellation) throws IOException {
        Path target = output.toAbsolutePath().normalize();
        checkOutput(target, inputs(s, manifest, inputFolder));
        List<Integer> folds = folds(s, manifest);
        int classes = manifest.classes().size();
        if (classes < 2) {
            throw new IllegalArgumentException("The manifest has " + classes + " class(es); fine-tuning needs at least two.");
        }
        for (int f : folds) {
            requireSplit(manifest.samples(f, Split.TRAIN), "train", f);
            requireSplit(manifest.samples(f, Split.VAL), "val", f);
            requireSplit(manifest.samples(f, Split.TEST), "test", f);
        }
        List<String> warnings = TrainingData.check(manifest, folds, s);
        return DjlRuntime.call(() -> {
            DeviceChoice devices = DjlRuntime.selectDevices(s.device());
            BackboneSource backbone = BackboneSource.of(s);
            Preprocessing preprocessing = Preprocessing.fromKey(
                    s.preprocess().isBlank() ? backbone.description().preprocessing() : s.preprocess());
            int size = s.size() > 0 ? s.size() : backbone.description().inputSize() > 0 ? backbone.description().inputSize() : 224;
            ImagePipeline evaluation = ImagePipeline.of(size, preprocessing);
            if (s.imageCache()) {
                // Every fold's splits come from one manifest: one cache serves them all (and the Extractor later).
                evaluation = DecodedImageCache.standard().attach(evaluation, manifest.samples(), s.workers(),
                        (fraction, message) -> progress.onProgress(TrainingProgress.note(fraction, message)));
            }
            ImagePipeline training = s.augment() ? evaluation.withTransform(new Augmentation(s.horizontalFlip())) : evaluation;

            long totalBatches = 0;
            for (int f : folds) {
                int batches = (usableTrain(manifest.samples(f, Split.TRAIN).size(), s.batchSize()) + s.batchSize() - 1) / s.batchSize();
                totalBatches += (long) batches * (s.mode().kind() == TrainingMode.Kind.FREEZE_THEN_FINETUNE
                        ? s.headEpochs() + s.epochs() : s.epochs());
            }
            ProgressReporter reporter = new ProgressReporter(progress, totalBatches);
            CancellationCheck cancel = new CancellationCheck(cancellation);
            HistoryRecorder history = new HistoryRecorder();
            String runName = target.getFileName().toString();

            Files.createDirectories(target.getParent());
            Path tmp = TempOutputs.folder(target.getParent(), "." + runName + ".tmp");
            try {
                List<FineTuneResult.FoldResult> foldResults = new ArrayList<>();
                List<FineTuneResult.Prediction> predictions = new ArrayList<>();
                for (int f : folds) {
                    String fold = String.valueOf(f);
                    long foldSeed = Seeds.mix(s.seed(), f);
                    List<Sample> train = manifest.samples(f, Split.TRAIN);
                    List<Sample> val = manifest.samples(f, Split.VAL);
                    List<Sample> test = manifest.samples(f, Split.TEST);
                    DatasetFeed valFeed = new DatasetFeed(evaluation, val, s.batchSize(), s.workers(), false, 0);
                    DatasetFeed testFeed = new DatasetFeed(evaluation, test, s.batchSize(), s.workers(), false, 0);
                    float[] weights = ClassWeights.resolve(s.classWeights(), classes,
                            train.stream().mapToInt(Sample::labelIndex).toArray());
                    try (NDManager manager = NDManager.newBaseManager(devices.primary(), DjlRuntime.ENGINE)) {
                        Classifier classifier = backbone.build(manager, new HeadSpec(HeadSpec.DEFAULT_NAME, classes, (float) s.dropout()),
                                foldSeed);
                        ClassifierNetwork network = new ClassifierNetwork(classifier);
                        TrainingLoop loop = new TrainingLoop(devices, s, classes);
                        List<Integer> bestEpochs = new ArrayList<>();
                        // One fold trains at a time in this process (TrainingLock); loading above and predicting
                        // below run alongside other executions.
                        try (TrainingLock.Held exclusive = TrainingLock.acquire(() -> reporter.waiting(fold),
                                () -> cancel.check("in fold " + fold + " while " + TrainingLock.WAITING))) {
                            // Dropout draws from the engine's generator; seeding it per fold makes CPU runs repeatable.
                            Engine.getEngine(DjlRuntime.ENGINE).setRandomSeed((int) (foldSeed ^ (foldSeed >>> 32)));
                            int stageIndex = 0;
                            for (StagePlan plan : plans(s, network)) {
                                EarlyStopping stopping = new EarlyStopping(s.restoreBest());
                                DatasetFeed trainFeed = new DatasetFeed(training, train, s.batchSize(), s.workers(), true,
                                        Seeds.mix(foldSeed, 100 + stageIndex++));
                                int run = loop.train(fold, plan, network, trainFeed, valFeed, weights,
                                        List.of(history, stopping, reporter, cancel));
                                bestEpochs.add(s.restoreBest() && stopping.bestEpoch() > 0 ? stopping.bestEpoch() : run);
                            }
                        }
                        TrainingLoop.Predictions p = loop.predict(network, testFeed, b -> {
                            reporter.predicting(fold, b, testFeed.batchCount());
                            cancel.check("in fold " + fold + " while predicting the test split");
                        });
                        String modelId = runName + "/fold_" + f;
                        Path modelFolder = tmp.resolve(FineTuneResult.MODELS).resolve("fold_" + f);
                        Provenance provenance = provenance(s, backbone, datasetFingerprint, fold, foldSeed, devices, bestEpochs);
                        ModelDescription description = new ModelDescription(backbone.description().architecture(),
                                backbone.description().spec(), preprocessing.key(), size, classifier.head(), manifest.classes(),
                                provenance);
                        ModelFolder.save(modelFolder, description, classifier);
                        for (int i = 0; i < test.size(); i++) {
                            predictions.add(new FineTuneResult.Prediction(test.get(i).id(), fold, p.labels()[i],
                                    p.probabilities()[i], Auc.argmax(p.probabilities()[i]), modelId));
                        }
                        foldResults.add(new FineTuneResult.FoldResult(fold,
                                Auc.of(p.probabilities(), p.labels(), classes, s.aucAverage()),
                                Auc.accuracy(p.probabilities(), p.labels()), test.size(), List.copyOf(bestEpochs), modelId,
                                target.resolve(FineTuneResult.MODELS).resolve("fold_" + f)));
                    }
                }
                String averaging = classes == 2 ? "binary" : s.aucAverage();
                OutputTables.writePredictions(tmp.resolve(FineTuneResult.PREDICTIONS), classes, predictions);
                OutputTables.writeHistory(tmp.resolve(FineTuneResult.HISTORY), history.rows());
                OutputTables.writeMetrics(tmp.resolve(FineTuneResult.METRICS), averaging, foldResults);
                if (!warnings.isEmpty()) {
                    Files.write(tmp.resolve(FineTuneResult.WARNINGS), warnings, StandardCharsets.UTF_8);
                }
                TempOutputs.publish(tmp, target);
                return new FineTuneResult(target, manifest.classes(), devices.describe(), averaging, foldResults,
                        history.rows(), predictions, warnings);
            } finally {
                TempOutputs.discard(tmp);
            }
        });
    }

    /** The mode's stages: freeze-then-finetune has a head-only stage 1 with its own rate, limit and stopping rule. */
    static List<StagePlan> plans(FineTuneSettings s, Network network) {
        return switch (s.mode().kind()) {
            case FULL -> List.of(new StagePlan("finetune", network.all(), s.learningRate(), s.epochs(), s.monitor(), s.patience()));
            case FREEZE_THEN_FINETUNE -> List.of(
                    new StagePlan("head", java.util.Set.of(Network.HEAD), s.headLearningRate(), s.headEpochs(), s.headMonitor(),
                            s.headPatience()),
                    new StagePlan("finetune", network.all(), s.learningRate(), s.epochs(), s.monitor(), s.patience()));
            case FROZEN -> List.of(new StagePlan("head", java.util.Set.of(Network.HEAD), s.learningRate(), s.epochs(), s.monitor(),
                    s.patience()));
            case FROM_STAGE -> List.of(new StagePlan("finetune", network.stagesFrom(s.mode().fromStage()), s.learningRate(),
                    s.epochs(), s.monitor(), s.patience()));
        };
    }

    private static int usableTrain(int n, int batch) {
        return n > 1 && n % batch == 1 ? n - 1 : n;
    }

    private static List<Integer> folds(FineTuneSettings s, Manifest manifest) {
        int k = manifest.foldCount();
        if (k == 0) {
            throw new IllegalArgumentException("The manifest has no fold columns (fold_0, fold_1, ...); assign folds with "
                    + "'./medtl dataset' or the dataset reader node first.");
        }
        List<Integer> folds = new ArrayList<>();
        if (s.folds().isEmpty()) {
            for (int f = 0; f < k; f++) {
                folds.add(f);
            }
            return folds;
        }
        for (String text : s.folds()) {
            int f;
            try {
                f = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Setting 'folds': '" + text + "' is not a fold number; the manifest has folds 0.."
                        + (k - 1) + " (columns fold_0..fold_" + (k - 1) + ").");
            }
            if (f < 0 || f >= k) {
                throw new IllegalArgumentException("Setting 'folds': fold " + f + " does not exist; the manifest has folds 0.."
                        + (k - 1) + " (columns fold_0..fold_" + (k - 1) + ").");
            }
            if (!folds.contains(f)) {
                folds.add(f);
            }
        }
        return folds;
    }

    private static void requireSplit(List<Sample> samples, String split, int fold) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("Fold " + fold + " (column fold_" + fold + ") has no '" + split
                    + "' images; every fold needs train, val and test images.");
        }
    }

    /** The run's input folders: the images the manifest names, the manifest's folder and a backbone model folder. */
    private static List<OutputFolders.Input> inputs(FineTuneSettings s, Manifest manifest, Path manifestFolder) {
        List<OutputFolders.Input> inputs = new ArrayList<>();
        for (Path images : OutputFolders.holding(manifest.samples().stream().map(Sample::file).toList())) {
            inputs.add(OutputFolders.Input.folder("image folder", images));
        }
        inputs.add(OutputFolders.Input.notItself("manifest's folder", manifestFolder));
        if (!s.weights().isBlank() && Files.isDirectory(Path.of(s.weights()))) {
            inputs.add(OutputFolders.Input.folder("backbone model folder", Path.of(s.weights())));
        }
        return inputs;
    }

    private static void checkOutput(Path target, List<OutputFolders.Input> inputs) throws IOException {
        OutputFolders.requireOutsideInputs("Output folder", target, inputs);
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new IllegalArgumentException("Output " + target + " is a file; choose a new folder.");
            }
            if (!OutputFolders.isNewOrEmpty(target)) {
                throw new IllegalArgumentException("Output folder " + target + " exists and is not empty; choose a new folder.");
            }
        }
    }

    private static Provenance provenance(FineTuneSettings s, BackboneSource backbone, String datasetFingerprint, String fold,
            long foldSeed, DeviceChoice devices, List<Integer> bestEpochs) {
        MapConfig config = new MapConfig();
        s.toConfig(config);
        Map<String, String> settings = new LinkedHashMap<>();
        config.asMap().forEach((k, v) -> settings.put(k, String.valueOf(v)));
        settings.put("fold", fold);
        settings.put("fold-seed", String.valueOf(foldSeed));
        settings.put("dataset-fingerprint", datasetFingerprint);
        settings.put("device", devices.describe());
        settings.put("best-epochs", bestEpochs.toString());
        Provenance b = backbone.description().provenance();
        if (b != null) {
            settings.put("backbone-weights-source", String.valueOf(b.weightsSource()));
            settings.put("backbone-weights-file", String.valueOf(b.weightsFile()));
            settings.put("backbone-weights-sha256", String.valueOf(b.weightsSha256()));
            settings.put("backbone-seed", String.valueOf(b.seed()));
        }
        return new Provenance("fine-tuned", b == null ? null : b.weightsFile(), b == null ? null : b.weightsSha256(),
                s.seed(), settings, DjlRuntime.versions(), Instant.now().toString());
    }

    /**
     * SHA-256 of the manifest's rows as the run sees them (id, label index, group, splits), independent of
     * where the dataset folder lies.
     */
    static String fingerprint(Manifest manifest) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.join("\u001f", manifest.classes()).getBytes(StandardCharsets.UTF_8));
            for (Sample s : manifest.samples()) {
                StringBuilder row = new StringBuilder("\n").append(s.id()).append('\u001f').append(s.labelIndex()).append('\u001f')
                        .append(s.group());
                s.folds().forEach(split -> row.append('\u001f').append(split.key()));
                digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


    /**
     * Where the backbone comes from: a model folder, a weight file the model capability reads (Keras
     * {@code .h5}, torchvision {@code .pth}), or seeded random initialisation of an architecture.
     */
    record BackboneSource(ModelDescription description, Path folder, BackboneSettings file, long initSeed) {

        static BackboneSource of(FineTuneSettings s) throws IOException {
            if (!s.weights().isBlank()) {
                Path path = Path.of(s.weights()).toAbsolutePath();
                if (Files.isRegularFile(path)) {
                    Architecture a;
                    try {
                        a = Architecture.fromKey(s.arch());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("Setting 'arch': a weight file needs its architecture; " + e.getMessage(), e);
                    }
                    BackboneSettings b = BackboneSettings.file(a, path);
                    try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
                        return new BackboneSource(Backbones.load(b, m).description(), null, b, 0);
                    }
                }
                if (!Files.isDirectory(path)) {
                    throw new IllegalArgumentException("Setting 'weights': " + path + " is neither a MedTL model folder nor a "
                            + "weight file (.h5, .pth).");
                }
                ModelDescription d = ModelFolder.readDescription(path);
                if (!s.arch().isBlank() && !s.arch().equals(d.architecture())) {
                    throw new IllegalArgumentException("Setting 'arch' is " + s.arch() + " but the weights in " + path + " are a "
                            + d.architecture() + "; weights and layout must match (leave 'arch' empty to take the folder's).");
                }
                return new BackboneSource(d, path, null, 0);
            }
            Architecture a;
            try {
                a = Architecture.fromKey(s.arch());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Setting 'arch': " + e.getMessage(), e);
            }
            Provenance p = new Provenance("random", null, null, s.initSeed(), Map.of(), Map.of(), Instant.now().toString());
            return new BackboneSource(new ModelDescription(a.key(), a.spec(), a.defaultPreprocessing(), 0, null, List.of(), p),
                    null, null, s.initSeed());
        }

        /** A fresh backbone (loaded or seeded) with a new seeded head. */
        Classifier build(NDManager manager, HeadSpec head, long headSeed) throws IOException {
            ResNet backbone;
            if (folder != null) {
                backbone = ModelFolder.load(folder, manager).backbone();
            } else if (file != null) {
                backbone = Backbones.load(file, manager).backbone();
            } else {
                backbone = ResNet.build(description.spec());
                backbone.initialize(manager, initSeed);
            }
            Classifier c = Classifier.append(backbone, head);
            c.initializeHead(manager, headSeed);
            return c;
        }
    }
}
