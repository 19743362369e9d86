package org.medtl.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FoldsTest {

    /** 3 classes of 53, 31 and 16 samples; patients hold 1-4 samples each, all of one class. */
    private static Manifest dataset() {
        Random r = new Random(7);
        List<Sample> samples = new ArrayList<>();
        int[] sizes = {53, 31, 16};
        int patient = 0;
        for (int c = 0; c < 3; c++) {
            int left = sizes[c];
            while (left > 0) {
                int n = Math.min(left, 1 + r.nextInt(4));
                for (int i = 0; i < n; i++) {
                    String id = "c" + c + "p" + patient + "i" + i;
                    samples.add(new Sample(id, Path.of("/d/" + id + ".png"), "", 0, "class" + c, c, "P" + patient, List.of()));
                }
                left -= n;
                patient++;
            }
        }
        return Manifest.ofLabels(samples);
    }

    @Test
    void stratifiedFoldsAreWithinOneSamplePerClassOfTheIdeal() {
        Manifest m = Folds.assign(dataset(), FoldScheme.STRATIFIED, 5, 2);
        int[] total = m.classCounts();
        int[][][] b = m.balance();
        for (int f = 0; f < 5; f++) {
            for (int c = 0; c < 3; c++) {
                double ideal = total[c] / 5.0;
                int test = b[f][Split.TEST.ordinal()][c];
                assertTrue(Math.abs(test - ideal) < 1, "fold " + f + " class " + c + ": " + test + " vs " + ideal);
                assertEquals(total[c], test + b[f][Split.TRAIN.ordinal()][c]);
            }
        }
        // Every sample is tested exactly once over the folds.
        for (Sample s : m.samples()) {
            assertEquals(1, s.folds().stream().filter(x -> x == Split.TEST).count(), s.id());
        }
    }

    @Test
    void nestedHoldoutIsSplitIntoOneFifthValidationAndFourFifthsTest() {
        Manifest m = Folds.assign(dataset(), FoldScheme.NESTED, 5, 2);
        int[][][] b = m.balance();
        for (int f = 0; f < 5; f++) {
            for (int c = 0; c < 3; c++) {
                int holdout = b[f][Split.VAL.ordinal()][c] + b[f][Split.TEST.ordinal()][c];
                assertTrue(Math.abs(b[f][Split.VAL.ordinal()][c] - holdout / 5.0) < 1, "fold " + f + " class " + c);
            }
        }
        for (Sample s : m.samples()) {
            assertEquals(1, s.folds().stream().filter(x -> x != Split.TRAIN).count(), "one hold-out per sample: " + s.id());
        }
    }

    @Test
    void groupedSchemesNeverSplitAPatientAndRoughlyBalanceFolds() throws LeakageException {
        for (FoldScheme scheme : List.of(FoldScheme.GROUP, FoldScheme.NESTED_GROUP)) {
            Manifest m = Folds.assign(dataset(), scheme, 5, 11);
            Folds.checkNoLeakage(m);
            int[][][] b = m.balance();
            for (int f = 0; f < 5; f++) {
                int holdout = 0;
                for (int c = 0; c < 3; c++) {
                    holdout += b[f][Split.VAL.ordinal()][c] + b[f][Split.TEST.ordinal()][c];
                }
                assertTrue(holdout >= 14 && holdout <= 26, scheme.key() + " fold " + f + " hold-out " + holdout);
            }
        }
    }

    @Test
    void sameSeedSameFoldsOtherSeedOtherFolds() {
        for (FoldScheme scheme : List.of(FoldScheme.NESTED, FoldScheme.NESTED_GROUP, FoldScheme.STRATIFIED, FoldScheme.GROUP)) {
            Manifest a = Folds.assign(dataset(), scheme, 5, 3);
            Manifest b = Folds.assign(dataset(), scheme, 5, 3);
            Manifest c = Folds.assign(dataset(), scheme, 5, 4);
            assertEquals(a.samples(), b.samples(), scheme.key());
            assertNotEquals(a.samples(), c.samples(), scheme.key());
        }
    }

    @Test
    void stratifiedSplittingOfPatientsIsCaughtByTheLeakageCheck() {
        Manifest m = Folds.assign(dataset(), FoldScheme.STRATIFIED, 5, 2);
        List<String> leaks = Folds.leaks(m);
        assertTrue(!leaks.isEmpty());
        LeakageException e = assertThrows(LeakageException.class, () -> Folds.checkNoLeakage(m));
        assertTrue(e.getMessage().contains("patient P"), e.getMessage());
        // Count leaks independently: a patient leaks in a fold when its samples' splits differ.
        int expected = 0;
        for (int f = 0; f < 5; f++) {
            Map<String, Split> first = new HashMap<>();
            java.util.Set<String> leaking = new java.util.HashSet<>();
            for (Sample s : m.samples()) {
                Split prev = first.putIfAbsent(s.group(), s.split(f));
                if (prev != null && prev != s.split(f)) {
                    leaking.add(s.group());
                }
            }
            expected += leaking.size();
        }
        assertEquals(expected, leaks.size());
    }

    @Test
    void tooFewPatientsIsAnErrorNotASilentFallback() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(new Sample("s" + i, Path.of("/d/s" + i), "", 0, "a", 0, "P" + (i % 3), List.of()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Folds.assign(Manifest.ofLabels(samples), FoldScheme.GROUP, 5, 1));
        assertTrue(e.getMessage().contains("3 patients"), e.getMessage());
    }
}
