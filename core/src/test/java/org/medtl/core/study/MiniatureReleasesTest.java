package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.dataset.Dataset;
import org.medtl.core.dataset.DatasetReader;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Sample;
import org.medtl.core.dataset.Split;

/** The miniature releases read with the study's presets and folds, as the revisiting-study workflow reads them. */
class MiniatureReleasesTest {

    @Test
    void everyLayoutReadsWithTheStudysNestedFoldsAndEveryClassInEveryTestSplit(@TempDir Path tmp) throws Exception {
        Map<String, Path> releases = MiniatureReleases.write(tmp);
        assertEquals(MiniatureReleases.KEYS, List.copyOf(releases.keySet()));
        Map<String, int[]> expectedCounts = Map.of("thyroid", new int[] {24, 24}, "breast", new int[] {32, 16}, "chest", new int[] {24, 24},
                "mammograms", new int[] {24, 24}, "knee", new int[] {20, 20, 20}, "isic", new int[] {10, 10, 10, 10, 10, 10, 10}, "pcam-small",
                new int[] {24, 24});
        Map<String, Integer> expectedPatients = Map.of("thyroid", 24, "chest", 24, "mammograms", 24, "knee", 30);
        for (Map.Entry<String, Path> e : releases.entrySet()) {
            String key = e.getKey();
            // As in the workflow: the preset, scheme auto (nested-group when samples carry patients), 5 folds, seed 2.
            Dataset d = DatasetReader.read(DatasetSettings.of(e.getValue().toString()).withPreset(key).withFolds("auto", 5, 2));
            Manifest m = d.manifest();
            assertTrue(d.problems().isEmpty(), key + ": " + d.problems());
            assertArrayEquals(expectedCounts.get(key), m.classCounts(), key + " class counts");
            Set<String> patients = new HashSet<>();
            m.samples().forEach(s -> patients.add(s.group()));
            if (expectedPatients.containsKey(key)) {
                assertEquals(expectedPatients.get(key), patients.size(), key + " patients");
            }
            assertEquals(5, m.foldCount(), key);
            for (int f = 0; f < 5; f++) {
                Set<Integer> testClasses = new HashSet<>();
                for (Sample s : m.samples(f, Split.TEST)) {
                    testClasses.add(s.labelIndex());
                }
                assertEquals(m.classes().size(), testClasses.size(), key + " fold " + f + ": every class in the test split");
                assertTrue(!m.samples(f, Split.VAL).isEmpty(), key + " fold " + f + ": validation split");
            }
        }
    }
}
