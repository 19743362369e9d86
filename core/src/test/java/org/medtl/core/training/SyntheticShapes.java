package org.medtl.core.training;

import java.util.Random;

/**
 * A small separable image task for training tests: a bright disc (label 0) or a larger bright square
 * (label 1) at a random position on Gaussian noise, grey replicated to 3 channels.
 */
final class SyntheticShapes {

    final float[][] images;
    final int[] labels;
    final int size;

    SyntheticShapes(int count, int size, long seed) {
        this.size = size;
        images = new float[count][];
        labels = new int[count];
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) {
            labels[i] = i % 2;
            images[i] = draw(labels[i], size, r);
        }
    }

    private static float[] draw(int label, int size, Random r) {
        float[] grey = new float[size * size];
        double radius = size * 0.22;
        double cy = radius + r.nextDouble() * (size - 2 * radius);
        double cx = radius + r.nextDouble() * (size - 2 * radius);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dy = y + 0.5 - cy;
                double dx = x + 0.5 - cx;
                // The disc is also smaller, so that even the mean brightness separates the classes.
                boolean inside = label == 0 ? dx * dx + dy * dy <= 0.6 * radius * radius
                        : Math.abs(dx) <= radius && Math.abs(dy) <= radius;
                grey[y * size + x] = (float) ((inside ? 1.0 : 0.0) + 0.25 * r.nextGaussian());
            }
        }
        float[] chw = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(grey, 0, chw, c * size * size, size * size);
        }
        return chw;
    }
}
