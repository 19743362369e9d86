package org.medtl.core.training;

import ai.djl.training.tracker.Tracker;

/**
 * Learning rate per epoch (constant, step decay, or cosine to zero over the epoch limit). DJL's trackers
 * count optimiser updates; the study and Keras think in epochs, so the loop sets the epoch and every
 * update of that epoch uses the same rate.
 */
final class EpochSchedule implements Tracker {

    private final FineTuneSettings.Schedule kind;
    private final double base;
    private final int maxEpochs;
    private final int stepEpochs;
    private final double gamma;
    private volatile int epoch;

    EpochSchedule(FineTuneSettings.Schedule kind, double base, int maxEpochs, int stepEpochs, double gamma) {
        this.kind = kind;
        this.base = base;
        this.maxEpochs = maxEpochs;
        this.stepEpochs = stepEpochs;
        this.gamma = gamma;
    }

    /** Sets the 0-based epoch. */
    void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    double rate() {
        return rate(epoch);
    }

    double rate(int e) {
        return switch (kind) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(gamma, Math.floorDiv(e, stepEpochs));
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * e / maxEpochs));
        };
    }

    @Override
    public float getNewValue(int numUpdate) {
        return (float) rate();
    }
}
