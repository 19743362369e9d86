package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Every committed workflow under {@code test-workflows/} has the key structure KNIME 5.5 itself writes: the
 * configs and entries, their kinds, entry types, nesting and order, compared with files KNIME saved
 * ({@code src/test/resources/knime-saved/}, see its README). Values (dates, versions, the nodes' own settings
 * values) are aside, except where they are part of the state the files claim: every node CONFIGURED and
 * unexecuted, the workflow CONFIGURED.
 */
class KnimeSavedFormatTest {

    /** One element of an XMLConfig file without its value: kind (config, entry, array), key, entry type, children. */
    record Shape(String kind, String key, String type, List<Shape> children) {

        static Shape of(KnimeConfig c) {
            List<Shape> children = new ArrayList<>();
            for (Map.Entry<String, Object> e : c.children().entrySet()) {
                if (e.getValue() instanceof KnimeConfig sub) {
                    if (sub.isArray()) {
                        // The element count is a value; the element type is structure (when there are elements).
                        Set<String> types = new TreeSet<>();
                        sub.children().forEach((k, v) -> {
                            if (!k.equals("array-size") && v instanceof KnimeConfig.Entry entry) {
                                types.add(entry.type());
                            }
                        });
                        children.add(new Shape("array", e.getKey(), String.join("|", types), List.of()));
                    } else {
                        children.add(of(sub));
                    }
                } else {
                    children.add(new Shape("entry", e.getKey(), ((KnimeConfig.Entry) e.getValue()).type(), List.of()));
                }
            }
            return new Shape("config", c.key(), "", children);
        }

        Shape child(String key) {
            return children.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
        }

        List<String> keys() {
            return children.stream().map(Shape::key).toList();
        }

        Shape withKey(String newKey) {
            return new Shape(kind, newKey, type, children);
        }

        Shape replacing(String childKey, Shape replacement) {
            List<Shape> c = new ArrayList<>();
            for (Shape s : children) {
                c.add(s.key().equals(childKey) ? replacement : s);
            }
            return new Shape(kind, key, type, c);
        }

        Shape inserting(Shape extra, String afterKey) {
            List<Shape> c = new ArrayList<>(children);
            c.add(keys().indexOf(afterKey) + 1, extra);
            return new Shape(kind, key, type, c);
        }

        Shape withChildren(List<Shape> newChildren) {
            return new Shape(kind, key, type, newChildren);
        }
    }

    /** Differences between an expected and an actual shape, each with its path. */
    static void compare(Shape expected, Shape actual, String path, List<String> diffs) {
        if (!expected.kind().equals(actual.kind()) || !expected.key().equals(actual.key())) {
            diffs.add(path + ": expected " + expected.kind() + " '" + expected.key() + "', found " + actual.kind() + " '" + actual.key() + "'");
            return;
        }
        boolean arrayTypesKnown = !expected.kind().equals("array") || (!expected.type().isEmpty() && !actual.type().isEmpty());
        if (arrayTypesKnown && !expected.type().equals(actual.type())) {
            diffs.add(path + "/" + actual.key() + ": expected type " + expected.type() + ", found " + actual.type());
        }
        if (!expected.keys().equals(actual.keys())) {
            diffs.add(path + "/" + actual.key() + ": expected keys " + expected.keys() + ", found " + actual.keys());
            return;
        }
        for (int i = 0; i < expected.children().size(); i++) {
            compare(expected.children().get(i), actual.children().get(i), path + "/" + actual.key(), diffs);
        }
    }

    static Path fixtures() throws URISyntaxException {
        return Paths.get(KnimeSavedFormatTest.class.getResource("/knime-saved/README.md").toURI()).getParent();
    }

    private static KnimeConfig read(Path file) throws IOException {
        return KnimeConfig.read(file);
    }

    /** KNIME's settings.xml of a node of each factory, from a fixture workflow folder. */
    private static Map<String, KnimeConfig> byFactory(Path folder) throws IOException {
        Map<String, KnimeConfig> m = new HashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path dir : s.filter(Files::isDirectory).toList()) {
                KnimeConfig settings = read(dir.resolve("settings.xml"));
                m.put(settings.string("factory"), settings);
            }
        }
        return m;
    }

    /**
     * The settings.xml KNIME writes for an unexecuted node of this factory: the re-saved quick study's node
     * (ports, filestores, order of everything), with the {@code model} keys a fresh node of the factory writes
     * where it writes any.
     */
    /**
     * Settings added to a node after KNIME saved the reference fixtures, appended in this order, with the KNIME
     * entry type each is written as. Their readers treat a missing key as the documented default, so the fixtures'
     * own settings, without them, still load.
     */
    private static final Map<String, List<Map.Entry<String, String>>> ADDED_AFTER_THE_FIXTURES = Map.of(
            FineTunerStep.FACTORY, List.of(Map.entry(org.medtl.core.training.FineTuneSettings.KEY_IMAGE_CACHE, "xboolean")),
            ActivationExtractorStep.FACTORY, List.of(Map.entry(org.medtl.core.activations.ExtractionSettings.KEY_IMAGE_CACHE, "xboolean")),
            DatasetReaderStep.FACTORY, List.of(Map.entry(org.medtl.core.dataset.DatasetSettings.KEY_IMAGE_CACHE_INPUT_SIZE, "xint")));

    private static Shape expectedNode(String factory, Map<String, KnimeConfig> loaded, Map<String, KnimeConfig> fresh) {
        KnimeConfig reference = loaded.get(factory);
        assertNotNull(reference, "no KNIME-saved node of " + factory + " in the fixtures");
        Shape shape = Shape.of(reference);
        KnimeConfig freshModel = fresh.get(factory).config("model");
        if (!freshModel.children().isEmpty()) {
            List<String> diffs = new ArrayList<>();
            compare(Shape.of(freshModel), shape.child("model"), factory, diffs);
            assertEquals(List.of(), diffs, "the fixtures disagree: KNIME's fresh " + factory + " writes other model keys than the re-saved one");
            shape = shape.replacing("model", Shape.of(freshModel));
        }
        Shape model = shape.child("model");
        List<Shape> keys = new ArrayList<>(model.children());
        for (Map.Entry<String, String> added : ADDED_AFTER_THE_FIXTURES.getOrDefault(factory, List.of())) {
            keys.add(new Shape("entry", added.getKey(), added.getValue(), List.of()));
        }
        return shape.replacing("model", model.withChildren(keys));
    }

    /** The variables config KNIME writes for these bound settings, after the layout of KNIME's own save. */
    private static Shape expectedVariables(Shape reference, List<String> boundKeys) {
        Shape tree = reference.child("tree");
        Shape binding = tree.children().get(0);
        List<Shape> bindings = boundKeys.stream().map(binding::withKey).toList();
        return reference.replacing("tree", tree.withChildren(bindings));
    }

    @Test
    void everyNodeSettingsFileHasTheStructureKnimeWrites() throws Exception {
        Map<String, KnimeConfig> loaded = byFactory(fixtures().resolve("quick-study-as-loaded"));
        Map<String, KnimeConfig> fresh = byFactory(fixtures().resolve("fresh-nodes"));
        KnimeConfig withVariables = read(fixtures().resolve("dataset-reader-variables-executed").resolve("Medical Dataset Reader (#1)").resolve("settings.xml"));
        Shape referenceVariables = Shape.of(withVariables).child("variables");
        assertEquals(List.of("version", "tree"), referenceVariables.keys());
        assertEquals("model", Shape.of(withVariables).keys().get(Shape.of(withVariables).keys().indexOf("variables") - 1),
                "KNIME writes the bindings right after the node's settings");

        List<String> diffs = new ArrayList<>();
        int nodes = 0;
        for (Path wfDir : TestWorkflowsTest.workflows()) {
            Workflow wf = Workflow.read(wfDir);
            Map<Integer, WorkflowConfigure.Outcome> configured = WorkflowConfigure.configure(wf, wf.variables());
            for (Workflow.Node n : wf.nodes()) {
                nodes++;
                String where = wfDir.getFileName() + "/" + n.settingsFile();
                Shape actual = Shape.of(n.settings());
                Shape expected = expectedNode(n.factory(), loaded, fresh);
                Shape variables = actual.child("variables");
                if (variables != null) {
                    List<String> bound = variables.child("tree") == null ? List.of() : variables.child("tree").keys();
                    List<String> modelOrder = actual.child("model").keys().stream().filter(bound::contains).toList();
                    if (!modelOrder.equals(bound)) {
                        diffs.add(where + ": variables/tree lists " + bound + "; KNIME lists bound settings in the order of model: " + modelOrder);
                    }
                    expected = expected.inserting(expectedVariables(referenceVariables, bound), "model");
                }
                compare(expected, actual, where.substring(0, where.lastIndexOf('/')), diffs);
                // The state the file claims is the one KNIME's configure gives on load (else KNIME marks the
                // workflow dirty); not executed, no data.
                KnimeConfig s = n.settings();
                check(diffs, where, "state", configured.get(n.id()).state().name(), s.string("state"));
                check(diffs, where, "hasContent", "false", s.string("hasContent"));
                check(diffs, where, "isInactive", "false", s.string("isInactive"));
                check(diffs, where, "node_file", "settings.xml", s.string("node_file"));
                check(diffs, where, "filestores/file_store_id", null, s.config("filestores").string("file_store_id"));
                for (Object port : s.config("ports").children().values()) {
                    KnimeConfig p = (KnimeConfig) port;
                    check(diffs, where, "ports/" + p.key() + "/port_dir_location", null, p.string("port_dir_location"));
                    check(diffs, where, "ports/" + p.key() + "/index", p.key().substring("port_".length()), p.string("index"));
                }
                String folder = n.settingsFile().substring(0, n.settingsFile().indexOf('/'));
                check(diffs, where, "folder", n.name().replaceAll("[^a-zA-Z0-9 ]", "_") + " (#" + n.id() + ")", folder);
            }
        }
        assertTrue(nodes > 150, "expected the nodes of every shipped workflow, found " + nodes);
        assertEquals(List.of(), diffs, "settings.xml files differ from what KNIME 5.5 writes; fix WorkflowBuilder and run ./medtl workflows");
    }

    @Test
    void everyWorkflowKnimeHasTheStructureKnimeWrites() throws Exception {
        Shape plain = Shape.of(read(fixtures().resolve("quick-study-as-loaded").resolve("workflow.knime")));
        Shape withVariables = Shape.of(read(fixtures().resolve("dataset-reader-variables-executed").resolve("workflow.knime")));
        Shape nodeTemplate = plain.child("nodes").children().get(0);
        Shape connectionTemplate = plain.child("connections").children().get(0);
        Map<String, Shape> variableTemplates = new LinkedHashMap<>();
        for (Shape v : withVariables.child("workflow_variables").children()) {
            variableTemplates.put(v.child("value").type(), v);
        }
        assertEquals(Set.of("xstring", "xint"), variableTemplates.keySet(), "KNIME saved a String and an int variable");

        List<String> diffs = new ArrayList<>();
        for (Path wfDir : TestWorkflowsTest.workflows()) {
            String where = wfDir.getFileName() + "/workflow.knime";
            KnimeConfig wf = read(wfDir.resolve("workflow.knime"));
            Shape actual = Shape.of(wf);
            Shape reference = actual.child("workflow_variables") != null ? withVariables : plain;
            // Nodes, connections and variables vary in number: each must look like KNIME's first one.
            List<Shape> nodes = new ArrayList<>();
            for (Shape n : actual.child("nodes").children()) {
                nodes.add(nodeTemplate.withKey(n.key()));
                if (!n.key().equals("node_" + wf.config("nodes").config(n.key()).string("id"))) {
                    diffs.add(where + ": node config " + n.key() + " does not carry its id in its key");
                }
            }
            List<Shape> connections = new ArrayList<>();
            int previousSource = 0;
            for (int i = 0; i < actual.child("connections").children().size(); i++) {
                Shape c = actual.child("connections").children().get(i);
                check(diffs, where, "connection key", "connection_" + i, c.key());
                connections.add(connectionTemplate.withKey(c.key()));
                int source = Integer.parseInt(wf.config("connections").config(c.key()).string("sourceID"));
                if (source < previousSource) {
                    diffs.add(where + ": " + c.key() + " leaves node " + source + " after a connection from node " + previousSource
                            + "; KNIME groups connections by source node in id order");
                }
                previousSource = source;
            }
            Shape expected = reference.replacing("nodes", reference.child("nodes").withChildren(nodes))
                    .replacing("connections", reference.child("connections").withChildren(connections));
            if (actual.child("workflow_variables") != null) {
                List<Shape> vars = new ArrayList<>();
                int i = 0;
                for (Shape v : actual.child("workflow_variables").children()) {
                    check(diffs, where, "variable key", "Var_" + i++, v.key());
                    String knimeClass = wf.config("workflow_variables").config(v.key()).string("class");
                    FlowVariable.Type type = FlowVariable.Type.of(knimeClass);
                    if (type == null) {
                        diffs.add(where + ": variable " + v.key() + " has class " + knimeClass + ", which KNIME does not know");
                        continue;
                    }
                    // KNIME saved a STRING (xstring) and an INTEGER (xint); DOUBLE, LONG and BOOLEAN values are
                    // saved as xdouble, xlong and xboolean by KNIME's VariableType#saveValue.
                    Shape template = variableTemplates.getOrDefault(type.entryType(), variableTemplates.get("xstring"));
                    Shape value = template.child("value");
                    vars.add(template.withKey(v.key()).replacing("value", new Shape(value.kind(), value.key(), type.entryType(), value.children())));
                }
                expected = expected.replacing("workflow_variables", expected.child("workflow_variables").withChildren(vars));
            }
            compare(expected, actual, wfDir.getFileName().toString(), diffs);
            check(diffs, where, "state", WorkflowConfigure.workflowState(WorkflowConfigure.configure(Workflow.read(wfDir), Workflow.read(wfDir).variables())).name(),
                    wf.string("state"));
            check(diffs, where, "version", "5.1.0", wf.string("version"));
        }
        for (String runnable : List.of("quick-study", "node-dataset-reader", "node-pretrained-backbone", "node-gpu-fine-tuner", "node-activations-and-cca")) {
            Workflow w = Workflow.read(TestWorkflowsTest.workflowsRoot().resolve(runnable));
            Map<Integer, WorkflowConfigure.Outcome> outcomes = WorkflowConfigure.configure(w, w.variables());
            outcomes.forEach((id, o) -> assertEquals(WorkflowConfigure.State.CONFIGURED, o.state(),
                    runnable + " node #" + id + " is not configured after load: " + o.problem()));
        }
        assertEquals(List.of(), diffs, "workflow.knime files differ from what KNIME 5.5 writes; fix WorkflowBuilder and run ./medtl workflows");
    }

    @Test
    void everyWorkflowHasKnimesMetadataFilesAndNoOtherFiles() throws Exception {
        Path reference = fixtures().resolve("quick-study-as-loaded");
        List<String> diffs = new ArrayList<>();
        for (Path wfDir : TestWorkflowsTest.workflows()) {
            for (String file : List.of(WorkflowMetadataFiles.METADATA_FILE, WorkflowMetadataFiles.LEGACY_METADATA_FILE)) {
                Path actual = wfDir.resolve(file);
                if (!Files.isRegularFile(actual)) {
                    diffs.add(wfDir.getFileName() + ": no " + file);
                    continue;
                }
                String expectedShape = xmlShape(reference.resolve(file));
                String actualShape = xmlShape(actual);
                if (!expectedShape.equals(actualShape)) {
                    diffs.add(wfDir.getFileName() + "/" + file + ": expected\n" + expectedShape + "found\n" + actualShape);
                }
            }
            Set<String> expectedFiles = new TreeSet<>(List.of("workflow.knime", WorkflowMetadataFiles.METADATA_FILE, WorkflowMetadataFiles.LEGACY_METADATA_FILE));
            Workflow.read(wfDir).nodes().forEach(n -> expectedFiles.add(n.settingsFile()));
            Set<String> files = new TreeSet<>();
            try (Stream<Path> s = Files.walk(wfDir)) {
                s.filter(Files::isRegularFile).forEach(p -> files.add(wfDir.relativize(p).toString().replace('\\', '/')));
            }
            if (!files.equals(expectedFiles)) {
                diffs.add(wfDir.getFileName() + ": files " + files + ", expected " + expectedFiles);
            }
        }
        assertEquals(List.of(), diffs);
    }

    /** Fixtures are unchanged copies of KNIME's files in shared/ (checked where shared/ is beside the checkout). */
    @Test
    void fixturesAreUnchangedCopiesOfKnimesFiles() throws Exception {
        Path shared = TestWorkflowsTest.workflowsRoot().resolve("../../shared/reference/knime-saved").normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "shared/reference/knime-saved is not beside this checkout");
        Path fixtures = fixtures();
        try (Stream<Path> s = Files.walk(fixtures)) {
            for (Path f : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("README.md")).toList()) {
                Path source = shared.resolve(fixtures.relativize(f).toString());
                assertTrue(Files.isRegularFile(source), source + " is missing");
                assertEquals(Files.readString(source), Files.readString(f), f + " differs from " + source);
            }
        }
    }

    /** Elements, attributes (with values), comments and whether an element has text, in document order. */
    private static String xmlShape(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        StringBuilder b = new StringBuilder();
        org.w3c.dom.Document doc = f.newDocumentBuilder().parse(file.toFile());
        for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            xmlShape(n, "", b);
        }
        return b.toString();
    }

    private static void xmlShape(Node n, String indent, StringBuilder b) {
        if (n.getNodeType() == Node.COMMENT_NODE) {
            b.append(indent).append("<!--").append(n.getNodeValue()).append("-->\n");
            return;
        }
        if (!(n instanceof Element e)) {
            return;
        }
        b.append(indent).append('{').append(e.getNamespaceURI()).append('}').append(e.getLocalName());
        NamedNodeMap attributes = e.getAttributes();
        Set<String> attrs = new TreeSet<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (!a.getNodeName().startsWith("xmlns")) {
                attrs.add(a.getNodeName() + "=" + a.getNodeValue());
            }
        }
        b.append(' ').append(attrs);
        boolean hasElementChildren = false;
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            hasElementChildren |= c instanceof Element;
        }
        b.append('\n');
        if (hasElementChildren) {
            for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                xmlShape(c, indent + "  ", b);
            }
        }
    }

    private static void check(List<String> diffs, String where, String what, String expected, String actual) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            diffs.add(where + ": " + what + " is " + actual + ", expected " + expected);
        }
    }

    @Test
    void aReaderKnimeSavedBeforeTheImageCacheSettingBuildsNoCache() throws Exception {
        Workflow saved = Workflow.read(fixtures().resolve("dataset-reader-variables-executed"));
        Workflow.Node reader = saved.nodes().stream().filter(n -> n.factory().equals(DatasetReaderStep.FACTORY)).findFirst().orElseThrow();
        org.medtl.core.config.MapConfig model = reader.model(saved.variables());
        assertFalse(model.containsKey(org.medtl.core.dataset.DatasetSettings.KEY_IMAGE_CACHE_INPUT_SIZE));
        assertEquals(0, org.medtl.core.dataset.DatasetSettings.fromConfig(model).imageCacheInputSize());
        assertEquals(List.of(), model.unknownSettingWarnings());
    }

    @Test
    void theComparisonSeesTheDefectsKnimeFound() throws Exception {
        // The comparison itself must fail on what KNIME 5.5 reported: a node without ports, bindings under
        // variables/model, workflow_variables after the credentials.
        Map<String, KnimeConfig> loaded = byFactory(fixtures().resolve("quick-study-as-loaded"));
        Map<String, KnimeConfig> fresh = byFactory(fixtures().resolve("fresh-nodes"));
        String factory = DatasetReaderStep.FACTORY;
        KnimeConfig node = read(fixtures().resolve("quick-study-as-loaded").resolve("Medical Dataset Reader (#1)").resolve("settings.xml"));
        node.children().remove("ports");
        List<String> diffs = new ArrayList<>();
        compare(expectedNode(factory, loaded, fresh), Shape.of(node), "reader", diffs);
        assertFalse(diffs.isEmpty());
        assertTrue(diffs.get(0).contains("ports"), diffs.toString());

        Shape oldLayout = new Shape("config", "variables", "", List.of(new Shape("entry", "version", "xstring", List.of()),
                new Shape("config", "model", "", List.of())));
        Shape reference = Shape.of(read(fixtures().resolve("dataset-reader-variables-executed").resolve("Medical Dataset Reader (#1)").resolve("settings.xml")))
                .child("variables");
        diffs.clear();
        compare(expectedVariables(reference, List.of("folds")), oldLayout, "variables", diffs);
        assertFalse(diffs.isEmpty());

        Shape wf = Shape.of(read(fixtures().resolve("dataset-reader-variables-executed").resolve("workflow.knime")));
        assertTrue(wf.keys().indexOf("workflow_variables") < wf.keys().indexOf("workflow_credentials"));
        List<String> swapped = new ArrayList<>(wf.keys());
        java.util.Collections.swap(swapped, swapped.indexOf("workflow_variables"), swapped.indexOf("workflow_credentials"));
        List<Shape> reordered = swapped.stream().map(wf::child).toList();
        diffs.clear();
        compare(wf, wf.withChildren(reordered), "workflow.knime", diffs);
        assertFalse(diffs.isEmpty());
    }
}
