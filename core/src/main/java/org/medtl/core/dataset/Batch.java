package org.medtl.core.dataset;

import java.util.List;

/**
 * Network inputs of consecutive samples.
 *
 * @param data    NCHW floats, {@code samples.size() * 3 * height * width} values
 * @param labels  label index per sample
 * @param samples the samples, in order
 * @param start   position of the first sample in the list the batches were made from
 */
public record Batch(float[] data, int[] labels, List<Sample> samples, int start, int height, int width) {

    public int size() {
        return samples.size();
    }

    /** Shape for a tensor library: {N, 3, height, width}. */
    public long[] shape() {
        return new long[] {samples.size(), 3, height, width};
    }
}
