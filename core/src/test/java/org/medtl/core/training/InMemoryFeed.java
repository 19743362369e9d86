package org.medtl.core.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A batch feed over images held in memory; shuffles per epoch with a seed when asked. */
final class InMemoryFeed implements BatchFeed {

    private final float[][] images;
    private final int[] labels;
    private final int size;
    private final int batch;
    private final long shuffleSeed;
    private final boolean shuffle;

    InMemoryFeed(float[][] images, int[] labels, int size, int batch, boolean shuffle, long shuffleSeed) {
        this.images = images;
        this.labels = labels;
        this.size = size;
        this.batch = batch;
        this.shuffle = shuffle;
        this.shuffleSeed = shuffleSeed;
    }

    static InMemoryFeed slice(SyntheticShapes data, int from, int to, int batch, boolean shuffle, long seed) {
        float[][] im = new float[to - from][];
        int[] lab = new int[to - from];
        for (int i = from; i < to; i++) {
            im[i - from] = data.images[i];
            lab[i - from] = data.labels[i];
        }
        return new InMemoryFeed(im, lab, data.size, batch, shuffle, seed);
    }

    @Override
    public int size() {
        return images.length;
    }

    @Override
    public int batchCount() {
        return (images.length + batch - 1) / batch;
    }

    @Override
    public int label(int sample) {
        return labels[sample];
    }

    @Override
    public String id(int sample) {
        return "s" + sample;
    }

    @Override
    public Epoch open(int epoch) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, new Random(shuffleSeed * 31 + epoch));
        }
        return new Epoch() {
            int next;

            @Override
            public boolean hasNext() {
                return next < order.size();
            }

            @Override
            public TrainingBatch next() {
                int n = Math.min(batch, order.size() - next);
                int plane = 3 * size * size;
                float[] px = new float[n * plane];
                int[] lab = new int[n];
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) {
                    int s = order.get(next + i);
                    System.arraycopy(images[s], 0, px, i * plane, plane);
                    lab[i] = labels[s];
                    idx[i] = s;
                }
                next += n;
                return new TrainingBatch(px, n, 3, size, size, lab, idx);
            }

            @Override
            public void close() {
            }
        };
    }
}
