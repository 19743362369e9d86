package org.medtl.core.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The MedTL nodes the headless runner knows, by factory class name. */
public final class StudyNodes {

    private StudyNodes() {
    }

    /** Every node; each capability adds its own. */
    static List<StudyNode> all() {
        return List.of(new DatasetReaderStep(), new BackboneStep(), new FineTunerStep(), new ActivationExtractorStep(), new CcaComparatorStep(),
                new PredictionAgreementStep());
    }

    /** By factory class name. */
    public static Map<String, StudyNode> byFactory() {
        Map<String, StudyNode> m = new LinkedHashMap<>();
        for (StudyNode n : all()) {
            m.put(n.factory(), n);
        }
        return m;
    }
}
