package org.medtl.core.study;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medtl.core.config.InvalidConfigException;

/**
 * What KNIME does to a freshly loaded workflow before anything executes: it configures every node in
 * dependency order from its settings (with the workflow variables' values) and its upstream nodes'
 * configure-time specs. A node whose configure fails, or one of whose connected inputs has no spec, stays
 * IDLE; the others become CONFIGURED. KNIME marks a workflow dirty when a node's state after this differs
 * from the state its file claims, so the workflow writer saves exactly these states.
 */
public final class WorkflowConfigure {

    /** KNIME's node states before execution. */
    public enum State {
        IDLE, CONFIGURED
    }

    /** One node's configure outcome: its state, its output specs (null where unknown) and why it stays IDLE. */
    public record Outcome(State state, List<PortSpec> outputs, String problem) {
    }

    private WorkflowConfigure() {
    }

    /** Configures every node of {@code wf} with the given variable values; outcomes by node id, in execution order. */
    public static Map<Integer, Outcome> configure(Workflow wf, Map<String, String> variables) throws IOException {
        Map<String, StudyNode> known = StudyNodes.byFactory();
        Map<Integer, Outcome> outcomes = new LinkedHashMap<>();
        Map<Integer, Boolean> foreign = new HashMap<>();
        for (Workflow.Node n : wf.executionOrder()) {
            StudyNode impl = known.get(n.factory());
            if (impl == null) {
                // Not a MedTL node (e.g. a test probe): nothing to configure here; its outputs count as known.
                foreign.put(n.id(), true);
                outcomes.put(n.id(), new Outcome(State.CONFIGURED, List.of(), null));
                continue;
            }
            List<PortSpec> inputs = new ArrayList<>();
            String missing = null;
            for (int port = 1; port <= impl.inputs().size(); port++) {
                Workflow.Connection c = wf.inputs(n.id()).get(port);
                PortSpec in = null;
                if (c != null && !foreign.containsKey(c.sourceId())) {
                    Outcome source = outcomes.get(c.sourceId());
                    in = source.state() == State.CONFIGURED && c.sourcePort() <= source.outputs().size()
                            ? source.outputs().get(c.sourcePort() - 1) : null;
                    if (in == null && missing == null) {
                        missing = "input port " + port + " has no spec from node #" + c.sourceId();
                    }
                }
                inputs.add(in);
            }
            if (missing != null) {
                outcomes.put(n.id(), new Outcome(State.IDLE, List.of(), missing));
                continue;
            }
            try {
                outcomes.put(n.id(), new Outcome(State.CONFIGURED, NodeSpecs.configure(n.factory(), n.model(variables), inputs), null));
            } catch (InvalidConfigException | IOException | RuntimeException e) {
                outcomes.put(n.id(), new Outcome(State.IDLE, List.of(), e.getMessage()));
            }
        }
        return outcomes;
    }

    /** The workflow's own state as KNIME derives it: CONFIGURED only when every node is. */
    public static State workflowState(Map<Integer, Outcome> outcomes) {
        return outcomes.values().stream().allMatch(o -> o.state() == State.CONFIGURED) ? State.CONFIGURED : State.IDLE;
    }
}
