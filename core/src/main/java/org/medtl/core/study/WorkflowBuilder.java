package org.medtl.core.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.medtl.core.config.MapConfig;
import org.medtl.core.runtime.MedtlVersion;

/**
 * Writes a workflow folder in the layout KNIME 5.5 saves, made of MedTL nodes: used to generate the
 * workflows under {@code test-workflows/} so that their settings come from the same settings records the
 * nodes use, not from hand-edited XML.
 */
public final class WorkflowBuilder {

    /** KNIME version recorded as the writer; no newer than the oldest KNIME MedTL supports (5.5). */
    static final String CREATED_BY = "5.5.0.v202505140000";

    private record NodeSpec(int id, String factory, String name, String description, MapConfig settings, Map<String, String> bindings, int x, int y) {
    }

    private final List<NodeSpec> nodes = new ArrayList<>();
    private final List<Workflow.Connection> connections = new ArrayList<>();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final String description;

    public WorkflowBuilder(String description) {
        this.description = description;
    }

    /** Adds a node; returns its id. {@code bindings}: setting key -> workflow variable that controls it. */
    public int node(String factory, String name, MapConfig settings, Map<String, String> bindings) {
        return node(factory, name, null, settings, bindings);
    }

    /** Adds a node with a description; MedTL keeps study labels there ({@code dataset=breast; init=ImageNet}). */
    public int node(String factory, String name, String description, MapConfig settings, Map<String, String> bindings) {
        int id = nodes.size() + 1;
        // Sorted, so that the same builder always writes the same settings.xml (the tests compare them).
        Map<String, String> sorted = Collections.unmodifiableMap(new TreeMap<>(bindings));
        nodes.add(new NodeSpec(id, factory, name, description, settings, sorted, 40 + 140 * ((id - 1) % 7), 80 + 140 * ((id - 1) / 7)));
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
        variables.put(name, defaultValue);
        return this;
    }

    /** Writes the workflow into {@code dir} (created; existing node folders of the same names are replaced). */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        KnimeConfig wf = new KnimeConfig("workflow.knime");
        wf.putString("created_by", CREATED_BY);
        wf.putBoolean("created_by_nightly", false);
        wf.putString("version", Workflow.FORMAT_VERSION);
        wf.put("name", "xstring", null);
        KnimeConfig author = new KnimeConfig("authorInformation");
        author.putString("authored-by", "MedTL " + MedtlVersion.get());
        author.putString("authored-when", "2026-11-25 00:00:00 +0000");
        author.put("lastEdited-by", "xstring", null);
        author.put("lastEdited-when", "xstring", null);
        wf.putConfig(author);
        wf.putString("customDescription", description);
        wf.putString("state", "CONFIGURED");
        wf.putConfig(new KnimeConfig("workflow_credentials"));
        KnimeConfig vars = new KnimeConfig("workflow_variables");
        int v = 0;
        for (Map.Entry<String, String> e : variables.entrySet()) {
            KnimeConfig var = new KnimeConfig("Var_" + v++);
            var.putString("name", e.getKey());
            var.putString("class", "STRING");
            var.putString("value", e.getValue());
            vars.putConfig(var);
        }
        wf.putConfig(vars);
        wf.putConfig(new KnimeConfig("annotations"));
        KnimeConfig nodesConfig = new KnimeConfig("nodes");
        for (NodeSpec n : nodes) {
            String folder = n.name() + " (#" + n.id() + ")";
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
        int c = 0;
        for (Workflow.Connection con : connections) {
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
        wf.write(dir.resolve("workflow.knime"));
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
            variables.putString("version", "V_2019_09_13");
            KnimeConfig vm = new KnimeConfig("model");
            // Sorted: Map.of iterates in a different order in every JVM, and generated files must be stable.
            for (Map.Entry<String, String> b : new java.util.TreeMap<>(n.bindings()).entrySet()) {
                KnimeConfig binding = new KnimeConfig(b.getKey());
                binding.putString("used_variable", b.getValue());
                binding.put("exposed_variable", "xstring", null);
                vm.putConfig(binding);
            }
            variables.putConfig(vm);
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
        KnimeConfig filestores = new KnimeConfig("filestores");
        filestores.put("file_store_location", "xstring", null);
        filestores.put("file_store_id", "xstring", null);
        s.putConfig(filestores);
        return s;
    }
}
