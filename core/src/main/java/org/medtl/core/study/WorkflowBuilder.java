package org.medtl.core.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medtl.core.config.MapConfig;
import org.medtl.core.runtime.MedtlVersion;

/**
 * Writes a workflow folder in the layout KNIME 5.5 saves, made of MedTL nodes: used to generate the
 * workflows under {@code test-workflows/} so that their settings come from the same settings records the
 * nodes use, not from hand-edited XML.
 */
public final class WorkflowBuilder {

    /** KNIME version recorded as the writer: the KNIME 5.5.0 release, the oldest KNIME MedTL supports. */
    static final String CREATED_BY = "5.5.0.v202506251332";

    /**
     * Date recorded as creation and last edit. Fixed rather than the time of generation so that regenerating
     * unchanged workflows changes no file.
     */
    static final java.time.ZonedDateTime CREATED = java.time.ZonedDateTime.of(2026, 11, 25, 0, 0, 0, 0, java.time.ZoneOffset.UTC);

    private record NodeSpec(int id, String factory, String name, String description, MapConfig settings, Map<String, String> bindings, int outputPorts,
            int x, int y) {
    }

    private final List<NodeSpec> nodes = new ArrayList<>();
    private final List<Workflow.Connection> connections = new ArrayList<>();
    private final Map<String, FlowVariable> variables = new LinkedHashMap<>();
    private final String description;
    private final Map<String, StudyNode> registry;

    public WorkflowBuilder(String description) {
        this(description, StudyNodes.byFactory());
    }

    /** A builder for nodes of {@code registry}, which gives each node's output ports. */
    WorkflowBuilder(String description, Map<String, StudyNode> registry) {
        this.description = description;
        this.registry = registry;
    }

    /** Adds a node; returns its id. {@code bindings}: setting key -> workflow variable that controls it. */
    public int node(String factory, String name, MapConfig settings, Map<String, String> bindings) {
        return node(factory, name, null, settings, bindings);
    }

    /** Adds a node with a description; MedTL keeps study labels there ({@code dataset=breast; init=ImageNet}). */
    public int node(String factory, String name, String description, MapConfig settings, Map<String, String> bindings) {
        int id = nodes.size() + 1;
        StudyNode impl = registry.get(factory);
        if (impl == null) {
            throw new IllegalArgumentException(factory + " is not a node this builder knows; its output ports decide the ports config of settings.xml.");
        }
        for (String key : bindings.keySet()) {
            if (!settings.containsKey(key)) {
                throw new IllegalArgumentException(name + ": cannot bind a variable to setting '" + key + "', which the settings do not have; KNIME would ignore it.");
            }
        }
        nodes.add(new NodeSpec(id, factory, name, description, settings, Map.copyOf(bindings), impl.outputs().size(), 40 + 140 * ((id - 1) % 7),
                80 + 140 * ((id - 1) / 7)));
        return id;
    }

    /** Connects data port {@code sourcePort} of one node to {@code destPort} of another (both counting from 1). */
    public WorkflowBuilder connect(int sourceId, int sourcePort, int destId, int destPort) {
        if (sourcePort < 1 || destPort < 1) {
            throw new IllegalArgumentException("data ports count from 1; port 0 is KNIME's flow-variable port");
        }
        connections.add(new Workflow.Connection(sourceId, sourcePort, destId, destPort));
        return this;
    }

    /** Declares a String workflow variable with its default value. */
    public WorkflowBuilder variable(String name, String defaultValue) {
        return variable(name, FlowVariable.Type.STRING, defaultValue);
    }

    /** Declares an Integer workflow variable: KNIME lets only number variables control number settings. */
    public WorkflowBuilder variable(String name, int defaultValue) {
        return variable(name, FlowVariable.Type.INTEGER, Integer.toString(defaultValue));
    }

    /** Declares a workflow variable of any type with its default value (checked against the type). */
    public WorkflowBuilder variable(String name, FlowVariable.Type type, String defaultValue) {
        variables.put(name, new FlowVariable(name, type, defaultValue));
        return this;
    }

    /**
     * Writes the workflow into {@code dir} (created; existing node folders of the same names are replaced) as
     * KNIME 5.5 saves a configured workflow without data: {@code workflow.knime}, {@code workflow-metadata.xml},
     * the legacy {@code workflowset.meta}, and each node's {@code settings.xml}. KNIME's {@code .savedWithData}
     * (machine user and time) and {@code .artifacts/} (written by save hooks, never read on load) are left out,
     * as in a workflow KNIME exports without data.
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        KnimeConfig wf = new KnimeConfig("workflow.knime");
        wf.putString("created_by", CREATED_BY);
        wf.putBoolean("created_by_nightly", false);
        wf.putString("version", Workflow.FORMAT_VERSION);
        wf.put("name", "xstring", null);
        KnimeConfig author = new KnimeConfig("authorInformation");
        author.putString("authored-by", "MedTL " + MedtlVersion.get());
        author.putString("authored-when", CREATED.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z")));
        author.put("lastEdited-by", "xstring", null);
        author.put("lastEdited-when", "xstring", null);
        wf.putConfig(author);
        wf.putString("customDescription", description);
        wf.putString("state", "CONFIGURED");
        // KNIME writes workflow_variables only when there are some, and before the credentials.
        if (!variables.isEmpty()) {
            KnimeConfig vars = new KnimeConfig("workflow_variables");
            int v = 0;
            for (FlowVariable fv : variables.values()) {
                KnimeConfig var = new KnimeConfig("Var_" + v++);
                var.putString("name", fv.name());
                var.putString("class", fv.type().name());
                var.put("value", fv.type().entryType(), fv.value());
                vars.putConfig(var);
            }
            wf.putConfig(vars);
        }
        wf.putConfig(new KnimeConfig("workflow_credentials"));
        KnimeConfig nodesConfig = new KnimeConfig("nodes");
        for (NodeSpec n : nodes) {
            // KNIME names a new node's folder after the node with every character but letters, digits and
            // spaces replaced by '_' ("GPU Fine_Tuner (#3)").
            String folder = n.name().replaceAll("[^a-zA-Z0-9 ]", "_") + " (#" + n.id() + ")";
            KnimeConfig entry = new KnimeConfig("node_" + n.id());
            entry.putInt("id", n.id());
            entry.putString("node_settings_file", folder + "/settings.xml");
            entry.putBoolean("node_is_meta", false);
            entry.putString("node_type", "NativeNode");
            entry.putString("ui_classname", "org.knime.core.node.workflow.NodeUIInformation");
            KnimeConfig ui = new KnimeConfig("ui_settings");
            KnimeConfig bounds = new KnimeConfig("extrainfo.node.bounds");
            bounds.putInt("array-size", 4);
            bounds.putInt("0", n.x());
            bounds.putInt("1", n.y());
            bounds.putInt("2", 100);
            bounds.putInt("3", 76);
            ui.putConfig(bounds);
            entry.putConfig(ui);
            nodesConfig.putConfig(entry);
            Path nodeDir = dir.resolve(folder);
            Files.createDirectories(nodeDir);
            nodeSettings(n).write(nodeDir.resolve("settings.xml"));
        }
        wf.putConfig(nodesConfig);
        KnimeConfig cons = new KnimeConfig("connections");
        // KNIME lists connections grouped by source node in id order, within a source in hash order; sorted
        // fully here so that generated files are stable.
        List<Workflow.Connection> sorted = new ArrayList<>(connections);
        sorted.sort(java.util.Comparator.comparingInt(Workflow.Connection::sourceId).thenComparingInt(Workflow.Connection::sourcePort)
                .thenComparingInt(Workflow.Connection::destId).thenComparingInt(Workflow.Connection::destPort));
        int c = 0;
        for (Workflow.Connection con : sorted) {
            KnimeConfig k = new KnimeConfig("connection_" + c++);
            k.putInt("sourceID", con.sourceId());
            k.putInt("destID", con.destId());
            k.putInt("sourcePort", con.sourcePort());
            k.putInt("destPort", con.destPort());
            k.putString("ui_classname", "org.knime.core.node.workflow.ConnectionUIInformation");
            KnimeConfig ui = new KnimeConfig("ui_settings");
            ui.putInt("extrainfo.conn.bendpoints_size", 0);
            k.putConfig(ui);
            cons.putConfig(k);
        }
        wf.putConfig(cons);
        wf.putConfig(editorSettings());
        wf.write(dir.resolve("workflow.knime"));
        WorkflowMetadataFiles.write(dir, description, CREATED);
        saveStatesAfterConfigure(dir, wf);
    }

    /**
     * KNIME configures a loaded workflow and marks it dirty wherever a node's state then differs from the one
     * its file claims; so the files claim what that configure gives with the variables' saved values (IDLE, for
     * instance, for a Dataset Reader whose folder does not exist on this machine, and for everything below it).
     */
    private static void saveStatesAfterConfigure(Path dir, KnimeConfig workflowKnime) throws IOException {
        Workflow written = Workflow.read(dir);
        Map<Integer, WorkflowConfigure.Outcome> outcomes = WorkflowConfigure.configure(written, written.variables());
        for (Workflow.Node n : written.nodes()) {
            WorkflowConfigure.State state = outcomes.get(n.id()).state();
            if (!state.name().equals(n.settings().string("state"))) {
                n.settings().putString("state", state.name());
                n.settings().write(dir.resolve(n.settingsFile()));
            }
        }
        WorkflowConfigure.State state = WorkflowConfigure.workflowState(outcomes);
        if (!state.name().equals(workflowKnime.string("state"))) {
            workflowKnime.putString("state", state.name());
            workflowKnime.write(dir.resolve("workflow.knime"));
        }
    }

    /** The editor settings KNIME 5.5 saves with its defaults (no grid, zoom 1, straight connections). */
    private static KnimeConfig editorSettings() {
        KnimeConfig e = new KnimeConfig("workflow_editor_settings");
        e.putBoolean("workflow.editor.snapToGrid", false);
        e.putBoolean("workflow.editor.ShowGrid", false);
        e.putInt("workflow.editor.gridX", -1);
        e.putInt("workflow.editor.gridY", -1);
        e.put("workflow.editor.zoomLevel", "xdouble", "1.0");
        e.putBoolean("workflow.editor.curvedConnections", false);
        e.putInt("workflow.editor.connectionWidth", 1);
        return e;
    }

    private static KnimeConfig nodeSettings(NodeSpec n) {
        KnimeConfig s = new KnimeConfig("settings.xml");
        s.putString("node_file", "settings.xml");
        s.putConfig(new KnimeConfig("flow_stack"));
        KnimeConfig internal = new KnimeConfig("internal_node_subsettings");
        internal.putString("memory_policy", "CacheSmallInMemory");
        s.putConfig(internal);
        KnimeConfig model = new KnimeConfig("model");
        for (Map.Entry<String, Object> e : n.settings().asMap().entrySet()) {
            Object value = e.getValue();
            String key = e.getKey();
            if (value instanceof List<?> list) {
                List<String> strings = new ArrayList<>();
                list.forEach(o -> strings.add(String.valueOf(o)));
                model.putConfig(KnimeConfig.stringArray(key, strings));
            } else if (value instanceof Integer i) {
                model.put(key, "xint", i.toString());
            } else if (value instanceof Long l) {
                model.put(key, "xlong", l.toString());
            } else if (value instanceof Double d) {
                model.put(key, "xdouble", d.toString());
            } else if (value instanceof Boolean b) {
                model.put(key, "xboolean", b.toString());
            } else {
                model.put(key, "xstring", value == null ? null : value.toString());
            }
        }
        s.putConfig(model);
        if (!n.bindings().isEmpty()) {
            KnimeConfig variables = new KnimeConfig("variables");
            variables.putString("version", Workflow.VARIABLES_VERSION);
            KnimeConfig tree = new KnimeConfig("tree");
            // KNIME's tree follows the order of the settings it mirrors.
            for (String key : n.settings().asMap().keySet()) {
                if (n.bindings().containsKey(key)) {
                    KnimeConfig binding = new KnimeConfig(key);
                    binding.putString("used_variable", n.bindings().get(key));
                    binding.put("exposed_variable", "xstring", null);
                    tree.putConfig(binding);
                }
            }
            variables.putConfig(tree);
            s.putConfig(variables);
        }
        s.put("customDescription", "xstring", n.description());
        s.putString("state", "CONFIGURED");
        s.putString("factory", n.factory());
        s.putString("node-name", n.name());
        s.putString("node-bundle-name", "MedTL KNIME nodes");
        s.putString("node-bundle-symbolic-name", "org.medtl.knime");
        s.putString("node-bundle-vendor", "MedTL");
        s.putString("node-bundle-version", MedtlVersion.get().replace("-SNAPSHOT", ".qualifier"));
        s.putString("node-feature-name", "MedTL: transfer learning for medical imaging");
        s.putString("node-feature-symbolic-name", "org.medtl.feature.feature.group");
        s.putString("node-feature-vendor", "MedTL");
        s.putString("node-feature-version", MedtlVersion.get().replace("-SNAPSHOT", ".qualifier"));
        s.putConfig(new KnimeConfig("factory_settings"));
        s.putString("name", n.name());
        s.putBoolean("hasContent", false);
        s.putBoolean("isInactive", false);
        // One entry per data output (port 0, the flow-variable port, has none); no location as nothing is executed.
        KnimeConfig ports = new KnimeConfig("ports");
        for (int p = 1; p <= n.outputPorts(); p++) {
            KnimeConfig port = new KnimeConfig("port_" + p);
            port.putInt("index", p);
            port.put("port_dir_location", "xstring", null);
            ports.putConfig(port);
        }
        s.putConfig(ports);
        KnimeConfig filestores = new KnimeConfig("filestores");
        filestores.put("file_store_location", "xstring", null);
        filestores.put("file_store_id", "xstring", null);
        s.putConfig(filestores);
        return s;
    }
}
