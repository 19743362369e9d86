package org.medtl.core.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded fold assignment and the patient leakage check.
 *
 * <p>Stratified parts deal each class's shuffled samples round-robin over the parts, continuing the turn from
 * class to class, so every part holds within one sample of {@code n_c / k} of each class c and part sizes
 * differ by at most one. Grouped parts assign whole groups (patients), largest first, each to the part that
 * keeps the class proportions most even (the criterion of scikit-learn's {@code StratifiedGroupKFold}).</p>
 *
 * <p>The nested scheme splits each hold-out the same way into 5 parts, part 0 being validation; a hold-out
 * with fewer than 5 patients (or samples) is split into as many parts as it has, so it still gets a
 * validation and a test part.</p>
 */
public final class Folds {

    /** Parts the study's hold-out is split into: one for validation, the other four for test. */
    static final int HOLDOUT_PARTS = 5;

    private Folds() {
    }

    /**
     * Assigns {@code folds} folds to every sample.
     *
     * @throws IllegalArgumentException if {@code scheme} is {@link FoldScheme#GIVEN} (the source assigns those),
     *                                  or there are fewer samples (groups) than parts
     */
    public static Manifest assign(Manifest manifest, FoldScheme scheme, int folds, long seed) {
        if (scheme == FoldScheme.GIVEN) {
            throw new IllegalArgumentException("Fold scheme 'given' takes the folds from the source's split or fold column");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("Setting 'folds' must be at least 2, got " + folds);
        }
        List<Sample> samples = manifest.samples();
        int n = samples.size();
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        Random random = new Random(seed);
        int[] part = parts(samples, all, folds, scheme.grouped(), random, "the dataset");
        Split[][] assignment = new Split[n][folds];
        for (int f = 0; f < folds; f++) {
            List<Integer> holdout = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (part[i] == f) {
                    holdout.add(i);
                } else {
                    assignment[i][f] = Split.TRAIN;
                }
            }
            if (!scheme.nested()) {
                for (int i : holdout) {
                    assignment[i][f] = Split.TEST;
                }
                continue;
            }
            // Small hold-outs (fewer than 5 patients or samples) still get one validation part and the rest as test.
            int units = scheme.grouped() ? (int) holdout.stream().map(i -> samples.get(i).groupOrId()).distinct().count() : holdout.size();
            if (units < 2) {
                throw new IllegalArgumentException("The hold-out of fold " + f + " has " + units + (scheme.grouped() ? " patient" : " sample")
                        + "; splitting it into validation and test needs at least 2. Use fewer folds, more data, or scheme "
                        + (scheme.grouped() ? "'group'" : "'stratified'") + " (train and test only)");
            }
            int[] sub = parts(samples, holdout, Math.min(HOLDOUT_PARTS, units), scheme.grouped(), random, "the hold-out of fold " + f);
            for (int j = 0; j < holdout.size(); j++) {
                assignment[holdout.get(j)][f] = sub[j] == 0 ? Split.VAL : Split.TEST;
            }
        }
        List<List<Split>> out = new ArrayList<>(n);
        for (Split[] row : assignment) {
            out.add(List.of(row));
        }
        return manifest.withFolds(out);
    }

    /**
     * Part (0..k-1) of each of {@code members} (indices into {@code samples}); result index j is for members.get(j).
     */
    static int[] parts(List<Sample> samples, List<Integer> members, int k, boolean grouped, Random random, String what) {
        if (grouped) {
            return groupParts(samples, members, k, random, what);
        }
        if (members.size() < k) {
            throw new IllegalArgumentException("Cannot split " + what + " (" + members.size() + " samples) into " + k
                    + " parts: use fewer folds or more data");
        }
        Map<Integer, List<Integer>> byClass = new java.util.TreeMap<>();
        for (int j = 0; j < members.size(); j++) {
            byClass.computeIfAbsent(samples.get(members.get(j)).labelIndex(), c -> new ArrayList<>()).add(j);
        }
        int[] out = new int[members.size()];
        int turn = 0;
        for (List<Integer> positions : byClass.values()) {
            Collections.shuffle(positions, random);
            for (int j : positions) {
                out[j] = turn;
                turn = (turn + 1) % k;
            }
        }
        return out;
    }

    private static int[] groupParts(List<Sample> samples, List<Integer> members, int k, Random random, String what) {
        int classes = 0;
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int j = 0; j < members.size(); j++) {
            Sample s = samples.get(members.get(j));
            byGroup.computeIfAbsent(s.groupOrId(), g -> new ArrayList<>()).add(j);
            classes = Math.max(classes, s.labelIndex() + 1);
        }
        if (byGroup.size() < k) {
            throw new IllegalArgumentException("Cannot split " + what + " (" + byGroup.size() + " patients/groups) into " + k
                    + " parts by patient: use fewer folds or more patients");
        }
        List<String> groups = new ArrayList<>(byGroup.keySet());
        Collections.sort(groups);
        Collections.shuffle(groups, random);
        // Largest groups first, ties in the shuffled order (List.sort is stable).
        groups.sort(Comparator.comparingInt((String g) -> byGroup.get(g).size()).reversed());
        int[] classTotal = new int[classes];
        Map<String, int[]> groupCounts = new HashMap<>();
        for (String g : groups) {
            int[] counts = new int[classes];
            for (int j : byGroup.get(g)) {
                counts[samples.get(members.get(j)).labelIndex()]++;
            }
            groupCounts.put(g, counts);
            for (int c = 0; c < classes; c++) {
                classTotal[c] += counts[c];
            }
        }
        int[][] partCounts = new int[k][classes];
        int[] partSize = new int[k];
        int[] out = new int[members.size()];
        for (String g : groups) {
            int[] counts = groupCounts.get(g);
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int p = 0; p < k; p++) {
                double cost = proportionSpread(partCounts, classTotal, counts, p);
                if (cost < bestCost - 1e-12 || (Math.abs(cost - bestCost) <= 1e-12 && partSize[p] < partSize[best])) {
                    best = p;
                    bestCost = cost;
                }
            }
            for (int c = 0; c < classes; c++) {
                partCounts[best][c] += counts[c];
            }
            partSize[best] += byGroup.get(g).size();
            for (int j : byGroup.get(g)) {
                out[j] = best;
            }
        }
        for (int p = 0; p < k; p++) {
            if (partSize[p] == 0) {
                throw new IllegalArgumentException("Cannot split " + what + " into " + k + " non-empty parts by patient; use fewer folds");
            }
        }
        return out;
    }

    /** Mean over classes of the standard deviation across parts of each part's share of the class. */
    private static double proportionSpread(int[][] partCounts, int[] classTotal, int[] add, int into) {
        int k = partCounts.length;
        double sum = 0;
        for (int c = 0; c < classTotal.length; c++) {
            if (classTotal[c] == 0) {
                continue;
            }
            double mean = 0;
            double sq = 0;
            for (int p = 0; p < k; p++) {
                double share = (partCounts[p][c] + (p == into ? add[c] : 0)) / (double) classTotal[c];
                mean += share;
                sq += share * share;
            }
            mean /= k;
            sum += Math.sqrt(Math.max(sq / k - mean * mean, 0));
        }
        return sum / classTotal.length;
    }

    /**
     * Every patient (group) found in more than one split of the same fold, one message each, e.g.
     * {@code fold 2: patient P17 is in train (3 samples) and test (1 sample)}. Samples without a group never leak.
     */
    public static List<String> leaks(Manifest manifest) {
        List<String> messages = new ArrayList<>();
        for (int f = 0; f < manifest.foldCount(); f++) {
            Map<String, int[]> perGroup = new LinkedHashMap<>();
            for (Sample s : manifest.samples()) {
                if (s.group().isEmpty()) {
                    continue;
                }
                perGroup.computeIfAbsent(s.group(), g -> new int[Split.values().length])[s.folds().get(f).ordinal()]++;
            }
            for (Map.Entry<String, int[]> e : perGroup.entrySet()) {
                Set<Split> splits = EnumSet.noneOf(Split.class);
                List<String> parts = new ArrayList<>();
                for (Split sp : Split.values()) {
                    int c = e.getValue()[sp.ordinal()];
                    if (c > 0) {
                        splits.add(sp);
                        parts.add(sp.key() + " (" + c + (c == 1 ? " sample)" : " samples)"));
                    }
                }
                if (splits.size() > 1) {
                    messages.add("fold " + f + ": patient " + e.getKey() + " is in " + String.join(" and ", parts));
                }
            }
        }
        return messages;
    }

    /**
     * @throws LeakageException listing every leak, when one patient is in two splits of a fold
     */
    public static void checkNoLeakage(Manifest manifest) throws LeakageException {
        List<String> leaks = leaks(manifest);
        if (!leaks.isEmpty()) {
            throw new LeakageException(leaks);
        }
    }
}
