package org.medtl.core.training;

import org.medtl.core.dataset.Batch;
import org.medtl.core.dataset.BatchIterator;
import org.medtl.core.dataset.ImagePipeline;
import org.medtl.core.dataset.Sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One split of a fold through the dataset capability's shared {@link ImagePipeline}: decoding, resizing,
 * augmentation (the pipeline's sample transform) and normalisation run on CPU worker threads that
 * prefetch batches while the device trains; batches arrive in a fixed order, so results do not depend
 * on thread timing.
 */
final class DatasetFeed implements BatchFeed {

    private final ImagePipeline pipeline;
    private final List<Sample> samples;
    private final int batchSize;
    private final int workers;
    private final boolean training;
    private final long seed;

    /**
     * @param training shuffle every epoch (as Keras's {@code flow} does) and avoid a last batch of one image
     * @param seed     seed of the shuffles and of the transform's per-sample random sources
     */
    DatasetFeed(ImagePipeline pipeline, List<Sample> samples, int batchSize, int workers, boolean training, long seed) {
        this.pipeline = pipeline;
        this.samples = List.copyOf(samples);
        this.batchSize = batchSize;
        this.workers = workers;
        this.training = training;
        this.seed = seed;
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public int batchCount() {
        return (usable() + batchSize - 1) / batchSize;
    }

    /**
     * Images per epoch. A training batch of a single image breaks BatchNorm in training mode (PyTorch
     * cannot estimate a variance from one value per channel once the feature map is 1x1), so training
     * leaves out one image, a different one each epoch, when the split would end on such a batch.
     */
    private int usable() {
        return training && samples.size() > 1 && samples.size() % batchSize == 1 ? samples.size() - 1 : samples.size();
    }

    @Override
    public int label(int sample) {
        return samples.get(sample).labelIndex();
    }

    @Override
    public String id(int sample) {
        return samples.get(sample).id();
    }

    List<Sample> samples() {
        return samples;
    }

    @Override
    public Epoch open(int epoch) {
        List<Integer> order = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            order.add(i);
        }
        long epochSeed = Seeds.mix(seed, epoch);
        if (training) {
            Collections.shuffle(order, new Random(epochSeed));
        }
        List<Integer> used = order.subList(0, usable());
        List<Sample> ordered = new ArrayList<>(used.size());
        for (int i : used) {
            ordered.add(samples.get(i));
        }
        BatchIterator batches = pipeline.batches(ordered, batchSize, workers, epochSeed);
        return new Epoch() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public TrainingBatch next() {
                Batch b = batches.next();
                int[] index = new int[b.size()];
                for (int i = 0; i < index.length; i++) {
                    index[i] = used.get(b.start() + i);
                }
                return new TrainingBatch(b.data(), b.size(), 3, b.height(), b.width(), b.labels(), index);
            }

            @Override
            public void close() {
                batches.close();
            }
        };
    }
}
