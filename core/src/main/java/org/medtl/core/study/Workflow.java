package org.medtl.core.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.medtl.core.config.MapConfig;

/**
 * A KNIME workflow folder as saved by KNIME 5.5: {@code workflow.knime} (nodes, connections, workflow
 * variables) and one folder per node with its {@code settings.xml}. Read without KNIME so that the
 * headless runner and the validation tests see exactly what KNIME would load.
 */
public final class Workflow {

    /** The workflow format version KNIME 5.x writes and requires. */
    public static final String FORMAT_VERSION = "5.1.0";

    /** The layout of flow-variable bindings KNIME 5.5 writes ({@code variables/version}). */
    public static final String VARIABLES_VERSION = "V_2019_09_13";

    /**
     * A node of the workflow with its whole saved settings.
     *
     * @param variableTypes the types of the workflow's variables, by name (to convert their values as KNIME does)
     */
    public record Node(int id, String settingsFile, String factory, String name, KnimeConfig settings, Map<String, FlowVariable.Type> variableTypes) {

        /**
         * The node's own settings (the {@code model} config) as {@link MapConfig}, with settings controlled by
         * flow variables replaced by the variables' values as KNIME converts them (see {@link FlowVariable}).
         *
         * @param variables workflow variable values by name (saved defaults with overrides applied)
         * @throws IOException naming node, setting and variable when a binding cannot apply
         */
        public MapConfig model(Map<String, String> variables) throws IOException {
            KnimeConfig model = settings.config("model");
            String where = "node '" + name + "' (#" + id + ")";
            MapConfig c = MapConfig.saved(where, settingsFile);
            Map<String, String> bindings = variableBindings();
            for (String key : bindings.keySet()) {
                if (model == null || !model.children().containsKey(key)) {
                    // KNIME ignores such a binding without a word, so the variable silently does nothing; refuse it.
                    throw new IOException(where + ": variables/tree binds workflow variable '" + bindings.get(key) + "' to setting '" + key
                            + "', which the node does not have (its settings: " + (model == null ? "none" : String.join(", ", model.children().keySet()))
                            + "). Bind the variable in the node's Flow Variables tab.");
                }
            }
            if (model == null) {
                return c;
            }
            for (Map.Entry<String, Object> e : model.children().entrySet()) {
                String key = e.getKey();
                if (bindings.containsKey(key)) {
                    String variable = bindings.get(key);
                    if (!variables.containsKey(variable)) {
                        throw new IOException(where + ": setting '" + key + "' is controlled by workflow variable '" + variable
                                + "', which the workflow does not define. Pass it with --var " + variable + "=VALUE.");
                    }
                    try {
                        FlowVariable v = new FlowVariable(variable, variableTypes.getOrDefault(variable, FlowVariable.Type.STRING), variables.get(variable));
                        if (e.getValue() instanceof KnimeConfig sub && sub.isArray()) {
                            c.addStringList(key, v.listValueFor(key));
                        } else if (e.getValue() instanceof KnimeConfig) {
                            throw new IllegalArgumentException("setting '" + key + "' is a nested config, which MedTL nodes do not write.");
                        } else {
                            put(c, key, v.valueFor(key, ((KnimeConfig.Entry) e.getValue()).type()));
                        }
                    } catch (IllegalArgumentException ex) {
                        throw new IOException(where + ": " + ex.getMessage(), ex);
                    }
                } else if (e.getValue() instanceof KnimeConfig sub) {
                    if (key.endsWith("_Internals")) {
                        // Written by KNIME's SettingsModels (enabled status); not a setting of ours.
                        continue;
                    }
                    if (!sub.isArray()) {
                        throw new IOException(where + ": setting '" + key + "' is a nested config, which MedTL nodes do not write.");
                    }
                    c.addStringList(key, sub.arrayValues());
                } else {
                    KnimeConfig.Entry entry = (KnimeConfig.Entry) e.getValue();
                    put(c, key, entry);
                }
            }
            return c;
        }

        /** The node's description as saved by KNIME ({@code customDescription}); MedTL keeps study labels there. */
        public String description() {
            return settings.string("customDescription");
        }

        /**
         * Setting key -> workflow variable name, read as KNIME 5.5 reads them: {@code variables/tree/<key>/used_variable}
         * when {@code variables/version} is {@value #VARIABLES_VERSION} and a {@code tree} exists, else (KNIME's
         * first layout) {@code variables/<key>/used_variable}. Entries with a null {@code used_variable} only
         * expose a setting and bind nothing.
         */
        public Map<String, String> variableBindings() {
            Map<String, String> bindings = new LinkedHashMap<>();
            KnimeConfig variables = settings.config("variables");
            if (variables == null) {
                return bindings;
            }
            boolean firstLayout = variables.string("version") == null || variables.config("tree") == null;
            KnimeConfig tree = firstLayout ? variables : variables.config("tree");
            for (Map.Entry<String, Object> e : tree.children().entrySet()) {
                if (e.getValue() instanceof KnimeConfig binding) {
                    String used = binding.string("used_variable");
                    if (used != null) {
                        bindings.put(e.getKey(), used);
                    } else if (binding.entry("used_variable") == null && binding.entry("exposed_variable") == null) {
                        // A config in the tree without used/exposed entries binds settings nested in a config,
                        // which MedTL nodes do not have; name it so that model() refuses it.
                        bindings.put(e.getKey(), "(nested bindings " + binding.children().keySet() + ")");
                    }
                }
            }
            return bindings;
        }

        private static void put(MapConfig c, String key, Object value) {
            if (value instanceof Integer i) {
                c.addInt(key, i);
            } else if (value instanceof Long l) {
                c.addLong(key, l);
            } else if (value instanceof Double d) {
                c.addDouble(key, d);
            } else if (value instanceof Boolean b) {
                c.addBoolean(key, b);
            } else {
                c.addString(key, (String) value);
            }
        }

        /** Converts a saved entry as KNIME's typed getters do; a value KNIME could not read is an error, never a default. */
        private static void put(MapConfig c, String key, KnimeConfig.Entry entry) throws IOException {
            String v = entry.value();
            if (v == null) {
                // Null stays null so that the getter names the setting and the type it needs.
                c.addString(key, null);
                return;
            }
            try {
                switch (entry.type()) {
                    case "xint", "xshort", "xbyte" -> c.addInt(key, Integer.parseInt(v));
                    case "xlong" -> c.addLong(key, Long.parseLong(v));
                    case "xdouble", "xfloat" -> c.addDouble(key, Double.parseDouble(v));
                    case "xboolean" -> {
                        // Boolean.parseBoolean reads anything but "true" as false, so "yes" would silently be false.
                        if (!v.equals("true") && !v.equals("false")) {
                            throw new IOException(c.setting(key) + " must be true or false, got '" + v + "'.");
                        }
                        c.addBoolean(key, Boolean.parseBoolean(v));
                    }
                    default -> c.addString(key, v);
                }
            } catch (NumberFormatException e) {
                throw new IOException(c.setting(key) + " must be " + (entry.type().equals("xdouble") || entry.type().equals("xfloat")
                        ? "a number" : "a whole number") + ", got '" + v + "'.", e);
            }
        }
    }

    /** A data connection; ports count from 1 because port 0 is the hidden flow-variable port. */
    public record Connection(int sourceId, int sourcePort, int destId, int destPort) {
    }

    private final Path dir;
    private final KnimeConfig workflowKnime;
    private final Map<Integer, Node> nodes;
    private final List<Connection> connections;
    private final Map<String, String> variables;
    private final Map<String, FlowVariable> flowVariables;

    private Workflow(Path dir, KnimeConfig workflowKnime, Map<Integer, Node> nodes, List<Connection> connections,
            Map<String, String> variables, Map<String, FlowVariable> flowVariables) {
        this.dir = dir;
        this.workflowKnime = workflowKnime;
        this.nodes = nodes;
        this.connections = connections;
        this.variables = variables;
        this.flowVariables = flowVariables;
    }

    /** Reads a workflow folder; every error names the file and what is wrong. */
    public static Workflow read(Path dir) throws IOException {
        Path file = dir.resolve("workflow.knime");
        org.medtl.core.io.InputFiles.requireFolder(dir, "a KNIME workflow folder with workflow.knime");
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + " is not a KNIME workflow folder: it has no workflow.knime.");
        }
        KnimeConfig wf = KnimeConfig.read(file);
        Map<String, FlowVariable> flowVariables = readVariables(wf, file);
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, FlowVariable.Type> variableTypes = new LinkedHashMap<>();
        flowVariables.forEach((name, v) -> {
            variables.put(name, v.value());
            variableTypes.put(name, v.type());
        });
        Map<Integer, Node> nodes = new TreeMap<>();
        KnimeConfig nodesConfig = wf.config("nodes");
        if (nodesConfig != null) {
            for (Object o : nodesConfig.children().values()) {
                if (!(o instanceof KnimeConfig n)) {
                    continue;
                }
                int id = Integer.parseInt(n.string("id"));
                if ("true".equals(n.string("node_is_meta"))) {
                    throw new IOException(file + ": node #" + id + " is a metanode or component; MedTL's runner executes flat workflows only."
                            + " Run this workflow in KNIME or with KNIME's batch executor.");
                }
                String settingsFile = n.string("node_settings_file");
                Path settingsPath = dir.resolve(settingsFile);
                if (!Files.isRegularFile(settingsPath)) {
                    throw new IOException(file + ": node #" + id + " points to " + settingsFile + ", which does not exist.");
                }
                KnimeConfig settings = KnimeConfig.read(settingsPath);
                String factory = settings.string("factory");
                String name = settings.string("name") != null ? settings.string("name") : settings.string("node-name");
                nodes.put(id, new Node(id, settingsFile, factory, name, settings, variableTypes));
            }
        }
        List<Connection> connections = new ArrayList<>();
        KnimeConfig cons = wf.config("connections");
        if (cons != null) {
            for (Object o : cons.children().values()) {
                if (o instanceof KnimeConfig c) {
                    connections.add(new Connection(Integer.parseInt(c.string("sourceID")), Integer.parseInt(c.string("sourcePort")),
                            Integer.parseInt(c.string("destID")), Integer.parseInt(c.string("destPort"))));
                }
            }
        }
        return new Workflow(dir, wf, nodes, connections, variables, flowVariables);
    }

    /**
     * {@code workflow_variables/Var_n} as KNIME saves them: {@code name}, {@code class} (STRING, INTEGER, LONG,
     * DOUBLE, BOOLEAN) and {@code value}, an entry of the class's type.
     */
    private static Map<String, FlowVariable> readVariables(KnimeConfig wf, Path file) throws IOException {
        Map<String, FlowVariable> variables = new LinkedHashMap<>();
        KnimeConfig vars = wf.config("workflow_variables");
        if (vars == null) {
            return variables;
        }
        for (Map.Entry<String, Object> e : vars.children().entrySet()) {
            if (!(e.getValue() instanceof KnimeConfig v)) {
                continue;
            }
            String name = v.string("name");
            String knimeClass = v.string("class");
            FlowVariable.Type type = FlowVariable.Type.of(knimeClass);
            KnimeConfig.Entry value = v.entry("value");
            if (name == null || type == null || value == null) {
                throw new IOException(file + ": workflow_variables/" + e.getKey() + " needs a name, a class (STRING, INTEGER, LONG, DOUBLE or BOOLEAN)"
                        + " and a value; it has name=" + name + ", class=" + knimeClass + ", value=" + (value == null ? null : value.value()) + ".");
            }
            if (!type.entryType().equals(value.type())) {
                throw new IOException(file + ": workflow variable '" + name + "' of class " + type + " has a value of type " + value.type()
                        + "; KNIME saves it as " + type.entryType() + ".");
            }
            try {
                variables.put(name, new FlowVariable(name, type, value.value()));
            } catch (IllegalArgumentException ex) {
                throw new IOException(file + ": " + ex.getMessage(), ex);
            }
        }
        return variables;
    }

    public Path dir() {
        return dir;
    }

    /** The {@code version} entry of workflow.knime (KNIME requires 5.1.0 for 5.x workflows). */
    public String formatVersion() {
        return workflowKnime.string("version");
    }

    /** The workflow's description ({@code customDescription} of workflow.knime). */
    public String description() {
        return workflowKnime.string("customDescription");
    }

    public String createdBy() {
        return workflowKnime.string("created_by");
    }

    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Workflow variables with their saved default values as text. */
    public Map<String, String> variables() {
        return java.util.Collections.unmodifiableMap(variables);
    }

    /** Workflow variables with their types, in the order workflow.knime lists them. */
    public Map<String, FlowVariable> flowVariables() {
        return java.util.Collections.unmodifiableMap(flowVariables);
    }

    /** Connections into a node, by destination port. */
    public Map<Integer, Connection> inputs(int nodeId) {
        Map<Integer, Connection> in = new TreeMap<>();
        for (Connection c : connections) {
            if (c.destId() == nodeId) {
                in.put(c.destPort(), c);
            }
        }
        return in;
    }

    /** Nodes in an order where every node comes after the nodes feeding it (ties by id, so runs repeat). */
    public List<Node> executionOrder() throws IOException {
        Map<Integer, Integer> indegree = new HashMap<>();
        Map<Integer, List<Integer>> successors = new HashMap<>();
        for (Node n : nodes.values()) {
            indegree.put(n.id(), 0);
        }
        for (Connection c : connections) {
            if (!nodes.containsKey(c.sourceId()) || !nodes.containsKey(c.destId())) {
                throw new IOException(dir.resolve("workflow.knime") + ": connection " + c + " names a node that does not exist.");
            }
            indegree.merge(c.destId(), 1, Integer::sum);
            successors.computeIfAbsent(c.sourceId(), k -> new ArrayList<>()).add(c.destId());
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>(Comparator.naturalOrder());
        indegree.forEach((id, d) -> {
            if (d == 0) {
                ready.add(id);
            }
        });
        List<Node> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int id = ready.poll();
            order.add(nodes.get(id));
            for (int next : successors.getOrDefault(id, List.of())) {
                if (indegree.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        if (order.size() != nodes.size()) {
            Deque<Integer> cyclic = new ArrayDeque<>();
            indegree.forEach((id, d) -> {
                if (d > 0) {
                    cyclic.add(id);
                }
            });
            throw new IOException(dir.resolve("workflow.knime") + ": the connections form a cycle through nodes " + cyclic + ".");
        }
        return order;
    }
}
