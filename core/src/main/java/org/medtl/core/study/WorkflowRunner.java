package org.medtl.core.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;

/**
 * Executes a workflow of MedTL nodes without KNIME: reads {@code workflow.knime} and each node's
 * {@code settings.xml}, builds every node's settings with the same settings records the KNIME nodes use,
 * and runs the nodes in dependency order through the same core entry points. Each node's outputs go to
 * {@code OUT/<node folder>/port_<n>.<csv|dir>}.
 */
public final class WorkflowRunner {

    /** The outcome of a run: outputs per node id and port (from 1). */
    public record Result(Path outDir, Map<Integer, List<PortData>> outputs, Workflow workflow) {
    }

    /** A node failed; the message names it. */
    public static final class NodeFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        NodeFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, StudyNode> registry;

    public WorkflowRunner() {
        this(StudyNodes.byFactory());
    }

    WorkflowRunner(Map<String, StudyNode> registry) {
        this.registry = registry;
    }

    /**
     * Checks a workflow without running it: every node is a registered MedTL node, ports count from 1 and
     * match the node's ports, and every node's settings pass its {@code validateSettings}.
     *
     * @return the problems found, empty when the workflow can run
     */
    public List<String> validate(Workflow wf, Map<String, String> overrides) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Workflow.FORMAT_VERSION.equals(wf.formatVersion())) {
            problems.add("workflow.knime has version '" + wf.formatVersion() + "'; KNIME 5.x needs " + Workflow.FORMAT_VERSION + ".");
        }
        Map<String, String> variables = variables(wf, overrides);
        for (Workflow.Node n : wf.nodes()) {
            StudyNode impl = registry.get(n.factory());
            String where = "node '" + n.name() + "' (#" + n.id() + ")";
            if (impl == null) {
                problems.add(where + " uses " + n.factory() + ", which is not a MedTL node. ./medtl run executes workflows made of MedTL nodes only;"
                        + " run this workflow in KNIME or with KNIME's batch executor (knime -application org.knime.product.KNIME_BATCH_APPLICATION"
                        + " -workflowDir=...).");
                continue;
            }
            try {
                impl.validate(n.model(variables));
            } catch (InvalidConfigException | IOException e) {
                problems.add(where + ": " + e.getMessage());
            }
            Map<Integer, Workflow.Connection> in = wf.inputs(n.id());
            for (Workflow.Connection c : in.values()) {
                if (c.destPort() < 1 || c.destPort() > impl.inputs().size()) {
                    problems.add(where + ": a connection arrives at port " + c.destPort() + ", but the node has data ports 1.."
                            + impl.inputs().size() + " (port 0 is the flow-variable port).");
                }
                StudyNode source = registry.get(wf.node(c.sourceId()).factory());
                if (source != null) {
                    if (c.sourcePort() < 1 || c.sourcePort() > source.outputs().size()) {
                        problems.add("node #" + c.sourceId() + ": a connection leaves port " + c.sourcePort() + ", but the node has data ports 1.."
                                + source.outputs().size() + ".");
                    } else if (c.destPort() >= 1 && c.destPort() <= impl.inputs().size()
                            && source.outputs().get(c.sourcePort() - 1) != impl.inputs().get(c.destPort() - 1)) {
                        problems.add(where + ": port " + c.destPort() + " expects " + impl.inputs().get(c.destPort() - 1) + " but is connected to a "
                                + source.outputs().get(c.sourcePort() - 1) + " port of node #" + c.sourceId() + ".");
                    }
                }
            }
            for (int p = 1; p <= impl.inputs().size(); p++) {
                if (!in.containsKey(p) && !impl.optionalInputs().contains(p)) {
                    problems.add(where + ": input port " + p + " (" + impl.inputs().get(p - 1) + ") is not connected.");
                }
            }
        }
        wf.executionOrder();
        return problems;
    }

    /** Runs the workflow into {@code outDir}. */
    public Result run(Workflow wf, Map<String, String> overrides, Path outDir, RunProgress progress) throws IOException, NodeFailedException {
        List<String> problems = validate(wf, overrides);
        if (!problems.isEmpty()) {
            throw new IOException("the workflow " + wf.dir() + " cannot run:\n  - " + String.join("\n  - ", problems));
        }
        Map<String, String> variables = variables(wf, overrides);
        Files.createDirectories(outDir);
        Map<Integer, List<PortData>> outputs = new LinkedHashMap<>();
        List<Workflow.Node> order = wf.executionOrder();
        int done = 0;
        for (Workflow.Node n : order) {
            StudyNode impl = registry.get(n.factory());
            String label = n.name() + " (#" + n.id() + ")";
            List<PortData> inputs = new ArrayList<>();
            Map<Integer, Workflow.Connection> connected = wf.inputs(n.id());
            for (int p = 1; p <= impl.inputs().size(); p++) {
                Workflow.Connection c = connected.get(p);
                inputs.add(c == null ? null : outputs.get(c.sourceId()).get(c.sourcePort() - 1));
            }
            Path nodeDir = outDir.resolve(label);
            Files.createDirectories(nodeDir);
            int index = done;
            RunProgress nodeProgress = new RunProgress() {
                @Override
                public void progress(double fraction, String message) {
                    progress.progress((index + Math.max(0, Math.min(1, fraction))) / order.size(), label + ": " + message);
                }

                @Override
                public void checkCanceled() throws InterruptedException {
                    progress.checkCanceled();
                }
            };
            nodeProgress.progress(0, "started");
            MapConfig settings = n.model(variables);
            try {
                List<PortData> produced = impl.execute(settings, inputs, nodeDir, nodeProgress);
                if (produced.size() != impl.outputs().size()) {
                    throw new IllegalStateException("produced " + produced.size() + " outputs, expected " + impl.outputs().size());
                }
                outputs.put(n.id(), produced);
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new NodeFailedException("node '" + label + "' failed: " + why, e);
            }
            done++;
            nodeProgress.progress(1, "done");
        }
        return new Result(outDir, outputs, wf);
    }

    private static Map<String, String> variables(Workflow wf, Map<String, String> overrides) throws IOException {
        Map<String, String> variables = new HashMap<>(wf.variables());
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!variables.containsKey(e.getKey())) {
                throw new IOException("--var " + e.getKey() + ": the workflow has no variable of that name (it has: "
                        + String.join(", ", wf.variables().keySet()) + ").");
            }
            variables.put(e.getKey(), e.getValue());
        }
        return variables;
    }
}
