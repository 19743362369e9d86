package org.medtl.core.training;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import org.medtl.core.runtime.DeviceChoice;
import org.medtl.core.runtime.DjlRuntime;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The fine-tuning loop: for each epoch, one optimiser step per training batch (BatchNorm and dropout
 * in training mode for the trained stages), then validation in inference mode. Everything else
 * (early stopping, progress, cancellation, history) is a {@link TrainingListener}.
 *
 * <p>Several GPUs train data-parallel: each batch is split across the devices, every device runs
 * forward and backward on its share, and DJL's parameter server sums the gradients before one
 * update (as DJL's {@code EasyTrain}). Each share's loss is divided by the whole batch size so the
 * summed gradient equals the single-device gradient.</p>
 */
final class TrainingLoop {

    private final DeviceChoice devices;
    private final FineTuneSettings settings;
    private final int classes;

    TrainingLoop(DeviceChoice devices, FineTuneSettings settings, int classes) {
        this.devices = devices;
        this.settings = settings;
        this.classes = classes;
    }

    /**
     * Trains one stage.
     *
     * @return epochs run
     */
    int train(String fold, StagePlan plan, Network network, BatchFeed train, BatchFeed val, float[] classWeights,
            List<TrainingListener> listeners) {
        network.setTrainable(plan.trainable());
        EpochSchedule schedule = new EpochSchedule(settings.schedule(), plan.learningRate(), plan.maxEpochs(),
                settings.stepEpochs(), settings.stepGamma());
        TrainingListener.StageContext stage = new TrainingListener.StageContext(fold, plan, train.batchCount(), network);
        listeners.forEach(l -> l.onStageStart(stage));
        int epochsRun = 0;
        // Reentrant: FineTuner already holds it for the whole fold; direct callers (tests) take it here.
        try (TrainingLock.Held training = TrainingLock.acquire();
                NDManager stageManager = NDManager.newBaseManager(devices.primary(), DjlRuntime.ENGINE)) {
            ParameterStore parameters = new ParameterStore(stageManager, false);
            parameters.setParameterServer(stageManager.getEngine().newParameterServer(optimizer(schedule, stageManager)),
                    devices.devices().toArray(new Device[0]));
            NDArray weights = stageManager.create(classWeights).reshape(1, classes);
            for (int epoch = 0; epoch < plan.maxEpochs(); epoch++) {
                long start = System.nanoTime();
                schedule.setEpoch(epoch);
                double lossSum = 0;
                int seen = 0;
                int batch = 0;
                try (BatchFeed.Epoch batches = train.open(epoch)) {
                    while (batches.hasNext()) {
                        TrainingBatch b = batches.next();
                        lossSum += step(parameters, stageManager, network, b, weights, fold, plan.name()) * b.size();
                        seen += b.size();
                        batch++;
                        for (TrainingListener l : listeners) {
                            l.onBatchEnd(stage, epoch + 1, batch);
                        }
                    }
                }
                // With several devices the updated copies live in the parameter store; put them
                // back into the parameters before validation, snapshots and saving.
                parameters.sync();
                int shownEpoch = epoch + 1;
                Predictions v = predict(network, val, b -> listeners.forEach(l -> l.onValidationBatch(stage, shownEpoch, b)));
                EpochRecord record = new EpochRecord(fold, plan.name(), epoch + 1, lossSum / seen, v.loss(),
                        Auc.of(v.probabilities(), v.labels(), classes, settings.aucAverage()),
                        Auc.accuracy(v.probabilities(), v.labels()), schedule.rate(),
                        (System.nanoTime() - start) / 1e9, devices.describe());
                epochsRun = epoch + 1;
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(stage, record);
                }
                if (listeners.stream().anyMatch(TrainingListener::stopRequested)) {
                    break;
                }
            }
        } catch (EngineException e) {
            throw outOfMemory(e);
        }
        for (TrainingListener l : listeners) {
            l.onStageEnd(stage, epochsRun);
        }
        return epochsRun;
    }

    /**
     * Times {@code steps} optimiser steps on one batch with Adam (for benchmarks); every parameter is
     * registered with the store first, as DJL's {@code Trainer.initialize} does, so that modules whose
     * forward reads parameters natively (TorchScript) are updated too.
     *
     * @return seconds per step
     */
    double timeSteps(Network network, TrainingBatch batch, int warmup, int steps) {
        network.setTrainable(network.all());
        EpochSchedule schedule = new EpochSchedule(FineTuneSettings.Schedule.CONSTANT, 1e-5, 1, 1, 1);
        try (TrainingLock.Held training = TrainingLock.acquire();
                NDManager stageManager = NDManager.newBaseManager(devices.primary(), DjlRuntime.ENGINE)) {
            ParameterStore parameters = new ParameterStore(stageManager, false);
            parameters.setParameterServer(stageManager.getEngine().newParameterServer(optimizer(schedule, stageManager)),
                    devices.devices().toArray(new Device[0]));
            for (var p : network.parameters()) {
                for (Device d : devices.devices()) {
                    parameters.getValue(p.getValue(), d, true);
                }
            }
            float[] ones = new float[classes];
            java.util.Arrays.fill(ones, 1f);
            NDArray weights = stageManager.create(ones).reshape(1, classes);
            for (int i = 0; i < warmup; i++) {
                step(parameters, stageManager, network, batch, weights, "bench", "warm-up");
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step(parameters, stageManager, network, batch, weights, "bench", "timed");
            }
            return (System.nanoTime() - start) / 1e9 / steps;
        } catch (EngineException e) {
            throw outOfMemory(e);
        }
    }

    /** Forward, backward and one update; returns the batch's mean class-weighted cross-entropy. */
    private double step(ParameterStore parameters, NDManager parent, Network network, TrainingBatch b, NDArray weights,
            String fold, String stage) {
        try (NDManager m = parent.newSubManager()) {
            NDArray x = m.create(FloatBuffer.wrap(b.pixels()), new Shape(b.size(), b.channels(), b.height(), b.width()));
            NDArray y = m.create(b.labels());
            List<Device> devs = devices.devices();
            int parts = Math.min(devs.size(), b.size());
            double loss = 0;
            try (GradientCollector collector = m.getEngine().newGradientCollector()) {
                int from = 0;
                for (int d = 0; d < parts; d++) {
                    int to = from + (b.size() - from) / (parts - d);
                    Device device = devs.get(d);
                    NDArray xs = x.get(new NDIndex("{}:{}", from, to)).toDevice(device, false);
                    NDArray ys = y.get(new NDIndex("{}:{}", from, to)).toDevice(device, false);
                    NDArray logits = network.forward(parameters, new NDList(xs), true).singletonOrThrow();
                    NDArray oneHot = ys.oneHot(classes).toType(DataType.FLOAT32, false);
                    // Keras semantics: sum of weighted per-image losses over the whole batch size.
                    NDArray share = logits.logSoftmax(1).mul(oneHot).mul(weights.toDevice(device, false)).sum().neg()
                            .div(b.size());
                    collector.backward(share);
                    loss += share.getFloat();
                    from = to;
                }
            }
            if (!Double.isFinite(loss)) {
                // An update with a NaN gradient would silently turn every weight into NaN.
                throw new IllegalStateException("The training loss became " + loss + " (fold " + fold + ", " + stage
                        + "); training diverged or the engine produced an invalid gradient. Lower the learning rate "
                        + "(setting 'lr') and check the input images; nothing was written.");
            }
            parameters.updateAllParameters();
            return loss;
        }
    }

    /**
     * Class probabilities for every image of a split, in inference mode (BatchNorm running statistics,
     * no dropout), on the primary device.
     *
     * @param afterBatch called with the 1-based batch number after each batch (progress, cancel)
     */
    Predictions predict(Network network, BatchFeed feed, IntConsumer afterBatch) {
        float[][] p = new float[feed.size()][];
        int[] labels = new int[feed.size()];
        double lossSum = 0;
        try (NDManager m = NDManager.newBaseManager(devices.primary(), DjlRuntime.ENGINE)) {
            ParameterStore parameters = new ParameterStore(m, false);
            int batch = 0;
            try (BatchFeed.Epoch batches = feed.open(0)) {
                while (batches.hasNext()) {
                    TrainingBatch b = batches.next();
                    try (NDManager bm = m.newSubManager()) {
                        NDArray x = bm.create(FloatBuffer.wrap(b.pixels()),
                                new Shape(b.size(), b.channels(), b.height(), b.width()));
                        float[] logp = DjlRuntime.withoutGradients(() -> network.forward(parameters, new NDList(x), false)
                                .singletonOrThrow().logSoftmax(1).toFloatArray());
                        for (int i = 0; i < b.size(); i++) {
                            int s = b.samples()[i];
                            float[] row = new float[classes];
                            for (int c = 0; c < classes; c++) {
                                row[c] = (float) Math.exp(logp[i * classes + c]);
                            }
                            p[s] = row;
                            labels[s] = b.labels()[i];
                            lossSum -= logp[i * classes + b.labels()[i]];
                        }
                    }
                    afterBatch.accept(++batch);
                }
            }
        } catch (EngineException e) {
            throw outOfMemory(e);
        }
        for (int s = 0; s < p.length; s++) {
            if (p[s] == null) {
                throw new IllegalStateException("The batch feed skipped image " + s + " of " + p.length + ".");
            }
        }
        return new Predictions(p, labels, lossSum / p.length);
    }

    /** The stage's optimiser; its state lives in {@code stageManager} (see {@link StageOptimizers}). */
    private Optimizer optimizer(EpochSchedule schedule, NDManager stageManager) {
        return switch (settings.optimizer()) {
            // Keras's Adam epsilon is 1e-7 (DJL's default 1e-8); betas agree.
            case ADAM -> StageOptimizers.adam(Adam.builder().optLearningRateTracker(schedule).optEpsilon(1e-7f)
                    .optWeightDecays((float) settings.weightDecay()), stageManager);
            case SGD -> StageOptimizers.sgd(Optimizer.sgd().setLearningRateTracker(schedule).optMomentum((float) settings.momentum())
                    .optWeightDecays((float) settings.weightDecay()), stageManager);
        };
    }

    private RuntimeException outOfMemory(EngineException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("out of memory") || message.contains("cuda error: out of memory")) {
            return new IllegalStateException("Device " + devices.describe() + " ran out of memory with batch size "
                    + settings.batchSize() + " at " + (settings.size() > 0 ? settings.size() + " px" : "this input size")
                    + ". Choose a smaller batch (setting 'batch'), a smaller input size, or more GPUs.", e);
        }
        return e;
    }

    /** Probabilities (rows by sample index), labels and mean unweighted cross-entropy of a split. */
    record Predictions(float[][] probabilities, int[] labels, double loss) {
    }

}
