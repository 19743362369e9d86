package org.medtl.core.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * Which classes each split of a fold holds. A class missing from a split makes what is learned or measured
 * there meaningless (a model never shown a class, an AUC of one class), so the dataset reader warns about such
 * folds and fine-tuning refuses or warns before any epoch runs.
 */
public final class SplitClasses {

    private SplitClasses() {
    }

    /** One split of one fold that lacks at least one of the manifest's classes. */
    public record Gap(int fold, Split split, List<String> missing, int present, String counts) {

        /** "fold 1 (column fold_1): val 1 [1/0] has no 'square' image". */
        public String describe() {
            String where = "fold " + fold + " (column " + Manifest.FOLD_PREFIX + fold + "): " + split.key() + " " + counts;
            return present == 0 ? where + " is empty"
                    : where + " has no " + String.join(", ", missing.stream().map(c -> "'" + c + "'").toList()) + " image";
        }
    }

    /** The gaps of one fold, in split order (train, val, test). */
    public static List<Gap> gaps(Manifest manifest, int fold) {
        int[][] balance = manifest.balance()[fold];
        List<Gap> gaps = new ArrayList<>();
        for (Split split : Split.values()) {
            int[] n = balance[split.ordinal()];
            List<String> missing = new ArrayList<>();
            int present = 0;
            int total = 0;
            StringBuilder per = new StringBuilder();
            for (int c = 0; c < n.length; c++) {
                total += n[c];
                per.append(c == 0 ? "" : "/").append(n[c]);
                if (n[c] == 0) {
                    missing.add(manifest.classes().get(c));
                } else {
                    present++;
                }
            }
            if (!missing.isEmpty()) {
                gaps.add(new Gap(fold, split, missing, present, total + " [" + per + "]"));
            }
        }
        return gaps;
    }

    /** Every fold's gaps as warnings for the dataset reader (its output, JSON and node message). */
    public static List<String> warnings(Manifest manifest) {
        List<String> warnings = new ArrayList<>();
        for (int f = 0; f < manifest.foldCount(); f++) {
            for (Gap g : gaps(manifest, f)) {
                String consequence = g.split() == Split.TRAIN || g.present() == 0 || g.split() == Split.TEST && g.present() < 2
                        ? "fine-tuning refuses this fold"
                        : g.split() == Split.VAL && g.present() < 2 ? "fine-tuning refuses this fold when it monitors val-auc"
                        : "fine-tuning warns about this fold";
                warnings.add(g.describe() + "; " + consequence + ". Add images of that class, or choose another fold count or seed.");
            }
        }
        return warnings;
    }
}
