package org.medtl.core.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a study workflow headless and writes its report: what {@code ./medtl run} does. */
public final class StudyRun {

    private StudyRun() {
    }

    /** Runs {@code wf} into {@code outDir} and returns the path of {@code report.html}. */
    public static Path run(Workflow wf, Map<String, String> variables, Path outDir, RunProgress progress)
            throws IOException, WorkflowRunner.NodeFailedException {
        WorkflowRunner runner = new WorkflowRunner();
        WorkflowRunner.Result result = runner.run(wf, variables, outDir, progress);
        String title = wf.description() == null || wf.description().isBlank() ? "MedTL study: " + wf.dir().getFileName() : wf.description();
        StudyResults.Collector collector = new StudyResults.Collector(title);
        Map<String, StudyNode> registry = StudyNodes.byFactory();
        for (Workflow.Node n : wf.executionOrder()) {
            if (registry.get(n.factory()) instanceof ReportContributor contributor) {
                List<PortData> outputs = result.outputs().get(n.id());
                try {
                    contributor.contribute(n.name() + " (#" + n.id() + ")", n.model(variables(wf, variables)), labels(n), outputs, collector);
                } catch (Exception e) {
                    throw new IOException("the report could not read the outputs of node '" + n.name() + " (#" + n.id() + ")': " + e.getMessage(), e);
                }
            }
        }
        return StudyReport.write(collector.build(), outDir);
    }

    private static Map<String, String> variables(Workflow wf, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(wf.variables());
        all.putAll(overrides);
        return all;
    }

    /**
     * A node's study labels from its description ("Node description" in KNIME), written as
     * {@code key=value; key=value}, e.g. {@code dataset=breast; init=ImageNet; mode=full}.
     */
    static Map<String, String> labels(Workflow.Node n) {
        Map<String, String> labels = new LinkedHashMap<>();
        String d = n.description();
        if (d == null) {
            return labels;
        }
        for (String part : d.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                labels.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return labels;
    }
}
