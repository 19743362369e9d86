package org.medtl.core.training;

import java.util.Iterator;

/**
 * The batches of one split, epoch by epoch, in a fixed order for a given epoch. Implementations
 * prepare batches on CPU worker threads ahead of the device (the dataset capability's prefetching
 * image pipeline) but must hand them out in the same order every run.
 */
interface BatchFeed {

    /** Images in the split. */
    int size();

    /** Batches per epoch. */
    int batchCount();

    /** Label of image {@code sample} of the split. */
    int label(int sample);

    /** Sample id of image {@code sample}, as in the manifest. */
    String id(int sample);

    /** Starts producing the batches of {@code epoch}; close to stop the workers early. */
    Epoch open(int epoch);

    /** One pass over the split. */
    interface Epoch extends Iterator<TrainingBatch>, AutoCloseable {
        @Override
        void close();
    }
}
