package org.medtl.core.training;

import java.util.Set;

/**
 * One training stage of a fold: which stages of the network train, and how.
 *
 * @param name      {@code head} or {@code finetune}
 * @param trainable network stages that train; the others are frozen and run in inference mode
 * @param learningRate base learning rate
 * @param maxEpochs epoch limit
 * @param monitor   early-stopping quantity
 * @param patience  epochs without improvement before stopping; 0 = never stop early
 */
record StagePlan(String name, Set<String> trainable, double learningRate, int maxEpochs,
        FineTuneSettings.Monitor monitor, int patience) {
}
