package org.medtl.core.training;

import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.SplitClasses;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before any epoch runs, that every fold's splits make training and its measures meaningful: train
 * holds every class, test at least two (its AUC), and val at least two when a stage stops on val AUC. A class
 * missing from val (with another monitor) or from a multi-class test split still gives defined numbers, so it
 * is a warning.
 */
final class TrainingData {

    private TrainingData() {
    }

    /**
     * @return warnings for the node message, the CLI output and the report
     * @throws IllegalArgumentException naming fold, split, class counts and what to do, when a fold cannot train
     */
    static List<String> check(Manifest manifest, List<Integer> folds, FineTuneSettings s) {
        boolean valAuc = s.monitor() == FineTuneSettings.Monitor.VAL_AUC
                || s.mode().kind() == TrainingMode.Kind.FREEZE_THEN_FINETUNE && s.headMonitor() == FineTuneSettings.Monitor.VAL_AUC;
        String remedy = " Add images of the missing class, or make the folds again with another fold count or seed ('./medtl dataset"
                + " --folds K --seed S').";
        List<String> warnings = new ArrayList<>();
        for (int f : folds) {
            for (SplitClasses.Gap g : SplitClasses.gaps(manifest, f)) {
                String where = "Cannot fine-tune: " + g.describe();
                switch (g.split()) {
                    case TRAIN -> throw new IllegalArgumentException(where + "; the model would never see "
                            + (g.missing().size() == 1 ? "that class" : "those classes") + "." + remedy);
                    case TEST -> {
                        if (g.present() < 2) {
                            throw new IllegalArgumentException(where + ", so its test AUC is undefined." + remedy);
                        }
                        warnings.add(g.describe() + ": per-class test measures of the missing class are undefined.");
                    }
                    case VAL -> {
                        if (valAuc && g.present() < 2) {
                            throw new IllegalArgumentException(where + ", so val AUC, which early stopping monitors, is undefined in "
                                    + "every epoch." + remedy + " Or monitor val-loss (--monitor val-loss"
                                    + (s.mode().kind() == TrainingMode.Kind.FREEZE_THEN_FINETUNE ? ", --head-monitor val-loss" : "")
                                    + ").");
                        }
                        warnings.add(g.describe() + ": early stopping and the best epoch judge "
                                + (g.missing().size() == 1 ? "that class" : "those classes") + " on no validation image.");
                    }
                }
            }
        }
        return warnings;
    }
}
