package org.medtl.core.dataset;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SplitClassesTest {

    private static Manifest manifest(String... rows) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            String[] ls = rows[i].split(":");
            samples.add(new Sample("i" + i, java.nio.file.Path.of("img" + i + ".png"), "", 0, ls[0], 0, "", List.of(Split.parse(ls[1]))));
        }
        return Manifest.withClasses(List.of("a", "b"), samples);
    }

    @Test
    void warnsAboutEverySplitThatLacksAClassAndSaysWhatFineTuningDoes() {
        Manifest m = manifest("a:train", "b:train", "a:val", "a:test", "b:test");
        assertEquals(List.of("fold 0 (column fold_0): val 1 [1/0] has no 'b' image; fine-tuning refuses this fold when it monitors"
                + " val-auc. Add images of that class, or choose another fold count or seed."), SplitClasses.warnings(m));
        Manifest trainGap = manifest("a:train", "a:val", "b:val", "a:test", "b:test");
        assertEquals(List.of("fold 0 (column fold_0): train 1 [1/0] has no 'b' image; fine-tuning refuses this fold. Add images of"
                + " that class, or choose another fold count or seed."), SplitClasses.warnings(trainGap));
        assertEquals(List.of(), SplitClasses.warnings(manifest("a:train", "b:train", "a:val", "b:val", "a:test", "b:test")));
    }
}
