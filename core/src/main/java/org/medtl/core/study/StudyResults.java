package org.medtl.core.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a study run produced, gathered from its nodes' outputs, in the shape the report needs.
 *
 * @param title      report title
 * @param synthetic  true when any dataset is a synthetic stand-in (the report then says so everywhere)
 * @param auc        one row per fine-tuned fold
 * @param cca        one row per comparison, layer and fold (mean over repeats)
 * @param agreement  one row per model pair and fold
 * @param history    training curves
 * @param provenance node label -> provenance text (architecture, weights hash, settings, seed, versions)
 * @param warnings   "node: warning" lines the nodes raised about their data (e.g. a class missing from a split)
 * @param filters    models whose first-layer filters the report shows (ImageNet and RadImageNet, before and after fine-tuning)
 */
public record StudyResults(String title, boolean synthetic, List<Auc> auc, List<Cca> cca, List<Agreement> agreement,
        List<History> history, Map<String, String> provenance, List<String> warnings, List<Filters> filters) {

    /**
     * A model for the first-layer filter figure.
     *
     * @param dataset the target dataset for a fine-tuned model, "" for a backbone (shown with every dataset)
     * @param model   panel title, e.g. "ImageNet" or "ImageNet-FT (fold 0)"
     * @param port    the model port (model folder or fine-tuning output)
     */
    public record Filters(String dataset, String model, java.nio.file.Path port) {
    }

    /** Test AUC of one fold of one fine-tuning run with training seed {@code seed}. */
    public record Auc(String dataset, String init, String mode, int fold, double auc, String averaging, long seed) {

        /** A run whose training seed is not told apart (one seed per dataset, initialisation and mode). */
        public Auc(String dataset, String init, String mode, int fold, double auc, String averaging) {
            this(dataset, init, mode, fold, auc, averaging, 0);
        }
    }

    /** Similarity of two models' representations at one layer, for one fold (mean and std over repeats). */
    public record Cca(String dataset, String pair, String layer, int layerIndex, int fold, String measure, double mean, double std) {
    }

    /** Prediction agreement of two models on one fold. */
    public record Agreement(String dataset, String pair, int fold, double observed, double expected, double expectedPaper, double kappa) {
    }

    /** One epoch of one fold of one training run. */
    public record History(String run, int fold, String stage, int epoch, double trainLoss, double valLoss, double valAuc) {
    }

    /** Gathers results while a run's nodes are visited. */
    public static final class Collector {
        private final String title;
        private boolean synthetic;
        private final List<Auc> auc = new ArrayList<>();
        private final List<Cca> cca = new ArrayList<>();
        private final List<Agreement> agreement = new ArrayList<>();
        private final List<History> history = new ArrayList<>();
        private final Map<String, String> provenance = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<Filters> filters = new ArrayList<>();

        public Collector(String title) {
            this.title = title;
        }

        public void markSynthetic() {
            synthetic = true;
        }

        public void add(Auc a) {
            auc.add(a);
        }

        public void add(Cca c) {
            cca.add(c);
        }

        public void add(Agreement a) {
            agreement.add(a);
        }

        public void add(History h) {
            history.add(h);
        }

        public void provenance(String node, String text) {
            provenance.put(node, text);
        }

        public void warning(String node, String text) {
            warnings.add(node + ": " + text);
        }

        public void add(Filters f) {
            filters.add(f);
        }

        public StudyResults build() {
            return new StudyResults(title, synthetic, List.copyOf(auc), List.copyOf(cca), List.copyOf(agreement), List.copyOf(history),
                    Map.copyOf(provenance), List.copyOf(warnings), List.copyOf(filters));
        }
    }
}
