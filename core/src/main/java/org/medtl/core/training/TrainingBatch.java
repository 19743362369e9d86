package org.medtl.core.training;

/**
 * One batch of preprocessed (and, for training, augmented) images as produced by the CPU workers.
 *
 * @param pixels  N x C x H x W floats, row-major
 * @param size    N
 * @param channels C
 * @param height  H
 * @param width   W
 * @param labels  label index per image
 * @param samples index of each image in its split, for predictions and reproducibility checks
 */
record TrainingBatch(float[] pixels, int size, int channels, int height, int width, int[] labels, int[] samples) {
}
