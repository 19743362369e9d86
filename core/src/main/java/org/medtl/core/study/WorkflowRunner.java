package org.medtl.core.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;

/**
 * Executes a workflow of MedTL nodes without KNIME: reads {@code workflow.knime} and each node's
 * {@code settings.xml}, builds every node's settings with the same settings records the KNIME nodes use,
 * and runs the nodes through the same core entry points. As KNIME does, independent branches run at the
 * same time on a pool of worker threads (a node starts as soon as all its inputs are there), a failing node
 * stops only the nodes downstream of it, and every failure is reported at the end. Each node's outputs go
 * to {@code OUT/<node folder>/port_<n>...}, so concurrent nodes never share an output file.
 */
public final class WorkflowRunner {

    /** KNIME's environment variable for the size of its global thread pool; it wins over the property. */
    public static final String THREADS_VARIABLE = "KNIME_CORE_MAX_THREADS";
    /** KNIME's system property for the size of its global thread pool. */
    public static final String THREADS_PROPERTY = "org.knime.core.maxThreads";
    /** KNIME's default pool size per available processor. */
    static final int THREADS_PER_PROCESSOR = 2;

    /** What became of a node in a run. */
    public enum NodeState {
        /** Executed; its outputs are in {@link Result#outputs()}. */
        EXECUTED,
        /** Threw; {@link NodeOutcome#reason()} says why. */
        FAILED,
        /** Not executed because a node it depends on failed; the reason names that node. */
        SKIPPED,
        /** Stopped while running, or never started, because the run was canceled. */
        CANCELED
    }

    /** A node's state at the end of a run and, unless it executed, why. */
    public record NodeOutcome(NodeState state, String reason) {
    }

    /**
     * The outcome of a run: outputs per node id and port (from 1) of the nodes that executed, and the state
     * of every node the run was asked to execute, in execution order.
     */
    public record Result(Path outDir, Map<Integer, List<PortData>> outputs, Workflow workflow, Map<Integer, NodeOutcome> outcomes) {

        /** Ids of the nodes in {@code state}, in execution order. */
        public List<Integer> nodes(NodeState state) {
            return outcomes.entrySet().stream().filter(e -> e.getValue().state() == state).map(Map.Entry::getKey).toList();
        }
    }

    /**
     * One or more nodes failed; the message names each failed node with its reason and the nodes that were
     * skipped because of them. Every other node was executed.
     */
    public static final class NodeFailedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Result result;

        NodeFailedException(String message, Throwable cause, Result result) {
            super(message, cause);
            this.result = result;
        }

        /** Every node's outcome and the outputs of the nodes that executed. */
        public Result result() {
            return result;
        }
    }

    /** The run was canceled: running nodes were stopped and no new node started. */
    public static final class RunCanceledException extends CancellationException {
        private static final long serialVersionUID = 1L;
        private final transient Result result;

        RunCanceledException(String message, Result result) {
            super(message);
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }

    private final Map<String, StudyNode> registry;
    private final int threads;

    /** A runner with KNIME's default pool size ({@link #defaultThreads()}). */
    public WorkflowRunner() {
        this(StudyNodes.byFactory(), defaultThreads());
    }

    /** A runner that executes at most {@code threads} nodes at the same time (1: one after the other). */
    public WorkflowRunner(int threads) {
        this(StudyNodes.byFactory(), threads);
    }

    WorkflowRunner(Map<String, StudyNode> registry) {
        this(registry, defaultThreads());
    }

    WorkflowRunner(Map<String, StudyNode> registry, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the number of node threads must be at least 1, got " + threads + ".");
        }
        this.registry = registry;
        this.threads = threads;
    }

    /** How many nodes this runner executes at the same time at most. */
    public int threads() {
        return threads;
    }

    /**
     * KNIME's default size of its global thread pool: {@value #THREADS_VARIABLE} if set, else the system
     * property {@value #THREADS_PROPERTY}, else two threads per available processor.
     */
    public static int defaultThreads() {
        return defaultThreads(System.getenv(THREADS_VARIABLE), System.getProperty(THREADS_PROPERTY), Runtime.getRuntime().availableProcessors());
    }

    static int defaultThreads(String variable, String property, int processors) {
        boolean fromVariable = variable != null && !variable.isEmpty();
        String value = fromVariable ? variable : property;
        if (value == null || value.isEmpty()) {
            return THREADS_PER_PROCESSOR * processors;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        // KNIME prints a warning and keeps its default; MedTL refuses, so a typo never silently changes the run.
        throw new IllegalArgumentException((fromVariable ? "environment variable " + THREADS_VARIABLE : "system property " + THREADS_PROPERTY)
                + "='" + value + "' is not a positive whole number; set it to the number of nodes to execute at the same time, or unset it"
                + " for KNIME's default of " + THREADS_PER_PROCESSOR + " per processor.");
    }

    /**
     * Checks a workflow without running it: every node is a registered MedTL node, ports count from 1 and
     * match the node's ports, and every node's settings pass its {@code validateSettings}.
     *
     * @return the problems found, empty when the workflow can run
     */
    public List<String> validate(Workflow wf, Map<String, String> overrides) throws IOException {
        return validate(wf, overrides, new ArrayList<>());
    }

    /**
     * {@link #validate(Workflow, Map)}, also collecting warnings: settings a node's {@code settings.xml} holds but
     * the node does not read (a misspelt key, or one of another MedTL version), which KNIME also ignores.
     */
    public List<String> validate(Workflow wf, Map<String, String> overrides, List<String> warnings) throws IOException {
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
                MapConfig model = n.model(variables);
                impl.validate(model);
                warnings.addAll(model.unknownSettingWarnings());
            } catch (InvalidConfigException | IOException e) {
                // Messages about a saved setting already name the node; others get it in front.
                problems.add(e.getMessage().contains(where) ? e.getMessage() : where + ": " + e.getMessage());
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
        return run(wf, overrides, outDir, progress, n -> true);
    }

    /**
     * Runs the selected nodes and every node they depend on: a cluster job can run one dataset (or one
     * study label) of a large workflow, and {@code ./medtl report} merges the jobs' outputs.
     *
     * @throws NodeFailedException  when nodes failed, after every node that did not depend on them ran
     * @throws RunCanceledException when {@code progress} reported a cancel or the calling thread was interrupted
     */
    public Result run(Workflow wf, Map<String, String> overrides, Path outDir, RunProgress progress, java.util.function.Predicate<Workflow.Node> select)
            throws IOException, NodeFailedException {
        List<String> problems = validate(wf, overrides);
        if (!problems.isEmpty()) {
            throw new IOException("the workflow " + wf.dir() + " cannot run:\n  - " + String.join("\n  - ", problems));
        }
        Map<String, String> variables = variables(wf, overrides);
        List<Workflow.Node> order = selected(wf, select);
        Files.createDirectories(outDir);
        WorkflowExecution execution = new WorkflowExecution(wf, registry, variables, outDir, progress, order, threads);
        Result result = execution.run();
        List<Integer> failed = result.nodes(NodeState.FAILED);
        if (result.outcomes().values().stream().anyMatch(o -> o.state() == NodeState.CANCELED)) {
            int executed = result.nodes(NodeState.EXECUTED).size();
            throw new RunCanceledException(executed == 0 ? "run canceled before any node finished; nothing was published."
                    : "run canceled: " + executed + " of " + order.size() + " nodes executed (their outputs are in " + outDir
                            + "); the others were stopped or not started and published nothing. ./medtl run --resume " + outDir
                            + " continues the run.", result);
        }
        if (!failed.isEmpty()) {
            throw new NodeFailedException(failureReport(result), execution.error(failed.get(0)), result);
        }
        return result;
    }

    /** Every failure with its reason, then the nodes skipped because of them. */
    private static String failureReport(Result r) {
        List<Integer> failed = r.nodes(NodeState.FAILED);
        List<Integer> skipped = r.nodes(NodeState.SKIPPED);
        StringBuilder sb = new StringBuilder();
        sb.append(failed.size() == 1 ? "1 node failed" : failed.size() + " nodes failed");
        sb.append(" (").append(r.nodes(NodeState.EXECUTED).size()).append(" of ").append(r.outcomes().size()).append(" executed):");
        for (int id : failed) {
            sb.append("\n  - node '").append(label(r.workflow().node(id))).append("' failed: ").append(r.outcomes().get(id).reason());
        }
        for (int id : skipped) {
            sb.append("\n  - node '").append(label(r.workflow().node(id))).append("' ").append(r.outcomes().get(id).reason());
        }
        return sb.toString();
    }

    /** How nodes are named in folders, messages and progress: {@code name (#id)}, as KNIME shows them. */
    static String label(Workflow.Node n) {
        return n.name() + " (#" + n.id() + ")";
    }

    /** Per node folder: one line per output port, {@code KIND<TAB>path relative to the run folder}. */
    static final String OUTPUTS_FILE = "outputs.tsv";

    /** The outputs a finished run recorded for a node, or null when the node did not run. */
    static List<PortData> recordedOutputs(Path runDir, Workflow.Node n) throws IOException {
        Path file = runDir.resolve(label(n)).resolve(OUTPUTS_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<PortData> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 2);
            out.add(new PortData(PortKind.valueOf(f[0]), runDir.resolve(f[1])));
        }
        return out;
    }

    /**
     * The selected nodes plus everything upstream of them, in execution order; an error when the selection
     * matches nothing, raised before anything is written.
     */
    public static List<Workflow.Node> selected(Workflow wf, java.util.function.Predicate<Workflow.Node> select) throws IOException {
        List<Workflow.Node> order = withUpstream(wf, select);
        if (order.isEmpty()) {
            throw new IOException("the selection matches no node of " + wf.dir() + "; selections match the key=value labels in node descriptions"
                    + " (e.g. dataset=thyroid). Nothing was written.");
        }
        return order;
    }

    /** The selected nodes plus everything upstream of them, in execution order. */
    static List<Workflow.Node> withUpstream(Workflow wf, java.util.function.Predicate<Workflow.Node> select) throws IOException {
        java.util.Set<Integer> keep = new java.util.HashSet<>();
        java.util.Deque<Integer> todo = new java.util.ArrayDeque<>();
        for (Workflow.Node n : wf.nodes()) {
            if (select.test(n)) {
                todo.add(n.id());
            }
        }
        while (!todo.isEmpty()) {
            int id = todo.pop();
            if (keep.add(id)) {
                wf.inputs(id).values().forEach(c -> todo.add(c.sourceId()));
            }
        }
        return wf.executionOrder().stream().filter(n -> keep.contains(n.id())).toList();
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
