package org.medtl.core.study;

import java.util.List;
import java.util.Map;

/**
 * The model pairs of the study's CCA comparisons as the paper names and groups them (its two-panel figure): panel A
 * compares each backbone with its fine-tuned self, panel B compares across initialisations. Workflows label a
 * comparison {@code pair=A vs B} with short model names (IN, RIN, IN-FT, RIN-FT, random, random-2, random-FT).
 */
final class PaperPairs {

    static final String PANEL_A = "A: each backbone vs its fine-tuned self";
    static final String PANEL_B = "B: across initialisations";

    /** Short model name -> the paper's name. */
    private static final Map<String, String> NAMES = Map.of("IN", "ImageNet", "RIN", "RadImageNet", "IN-FT", "ImageNet-FT", "RIN-FT",
        "RadImageNet-FT", "random", "Random", "random-2", "Random", "random-FT", "Random-FT");

    /** The paper's order within each panel; pairs it does not show come after, in workflow order. */
    private static final List<String> ORDER = List.of("IN vs IN-FT", "RIN vs RIN-FT", "random vs random-FT", "IN-FT vs RIN-FT", "IN vs RIN",
        "random vs random-2");

    private PaperPairs() {
    }

    /**
     * A pair as the report shows it.
     *
     * @param panel {@link #PANEL_A} or {@link #PANEL_B}
     * @param label the paper's spelling, e.g. "ImageNet – ImageNet-FT"
     * @param rank  position within the panel (the paper's order first)
     */
    record Pair(String panel, String label, int rank) {
    }

    /** The pair named {@code "A vs B"} by a workflow label; other names are kept as they are, in panel B. */
    static Pair of(String workflowPair) {
        String[] ab = workflowPair.split(" vs ", 2);
        int known = ORDER.indexOf(workflowPair);
        int rank = known >= 0 ? known : ORDER.size();
        if (ab.length != 2) {
            return new Pair(PANEL_B, workflowPair, rank);
        }
        String a = ab[0].trim();
        String b = ab[1].trim();
        String label = name(a) + " \u2013 " + name(b);
        if (isRandom(a) && isRandom(b) && !a.equals(b) && !a.endsWith("-FT") && !b.endsWith("-FT")) {
            // Two random networks with different seeds: the paper's Random-Random baseline.
            return new Pair(PANEL_B, "Random \u2013 Random (two independently initialised networks)", rank);
        }
        boolean selfFineTuned = b.equals(a + "-FT") || a.equals(b + "-FT");
        return new Pair(selfFineTuned ? PANEL_A : PANEL_B, label, rank);
    }

    /**
     * "ImageNet" or "RadImageNet" when a node's {@code init} label names that pretraining source (also its synthetic
     * stand-in, e.g. "ImageNet stand-in (synthetic natural images)"), else {@code null}.
     */
    static String pretrainingSource(String init) {
        for (String source : List.of("RadImageNet", "ImageNet")) {
            if (init.startsWith(source)) {
                return source;
            }
        }
        return null;
    }

    private static boolean isRandom(String model) {
        return model.startsWith("random");
    }

    private static String name(String model) {
        return NAMES.getOrDefault(model, model);
    }
}
