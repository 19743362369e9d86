package org.medtl.core.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values computed with sklearn roc_auc_score (Debian python3-sklearn, run once) for the arrays below. */
class AucTest {

    @Test
    void binaryWithTies() {
        // roc_auc_score([0,0,1,1,0,1], [0.1,0.4,0.35,0.8,0.4,0.4]) = 0.6666666666666667
        double[] s = {0.1, 0.4, 0.35, 0.8, 0.4, 0.4};
        boolean[] y = {false, false, true, true, false, true};
        assertEquals(0.6666666666666667, Auc.binary(s, y), 1e-12);
        assertTrue(Double.isNaN(Auc.binary(s, new boolean[6])));
    }

    @Test
    void multiClassAverages() {
        float[][] p = {{0.7f, 0.2f, 0.1f}, {0.2f, 0.5f, 0.3f}, {0.1f, 0.3f, 0.6f}, {0.3f, 0.4f, 0.3f}, {0.5f, 0.1f, 0.4f},
                {0.2f, 0.2f, 0.6f}};
        int[] y = {0, 1, 2, 0, 2, 1};
        // roc_auc_score(y, p, multi_class='ovr', average='macro') = 0.7916666666666666
        // average='weighted' equals macro here (balanced classes)
        // micro: roc_auc_score(label_binarize(y, classes=[0,1,2]), p, average='micro') = 0.7708333333333333
        assertEquals(0.7916666666666666, Auc.of(p, y, 3, "macro"), 1e-6);
        assertEquals(0.7916666666666666, Auc.of(p, y, 3, "weighted"), 1e-6);
        assertEquals(0.7708333333333333, Auc.of(p, y, 3, "micro"), 1e-6);
        assertEquals(0.5, Auc.accuracy(p, y), 1e-12);
    }
}
