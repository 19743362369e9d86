package org.medtl.core.study;

import java.util.List;
import java.util.Map;

/**
 * Implemented by the headless nodes whose outputs belong in the study report. The node knows its own
 * output formats; the report only knows {@link StudyResults}.
 */
public interface ReportContributor {

    /**
     * Adds this node's results.
     *
     * @param settings the node's settings, as it ran
     * @param labels  the node's study labels (dataset, init, mode, pair, ...), from its description
     * @param outputs the node's outputs, one per port
     */
    void contribute(String nodeLabel, org.medtl.core.config.Config settings, Map<String, String> labels, List<PortData> outputs, StudyResults.Collector results) throws Exception;
}
