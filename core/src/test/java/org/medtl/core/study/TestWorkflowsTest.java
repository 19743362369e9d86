package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every committed workflow is valid for KNIME and for the headless runner, and is what the generator writes. */
class TestWorkflowsTest {

    /** test-workflows/ of this checkout (tests run in core/). */
    static Path workflowsRoot() {
        Path here = Paths.get("").toAbsolutePath();
        Path root = here.resolve("../test-workflows").normalize();
        return Files.isDirectory(root) ? root : here.resolve("test-workflows");
    }

    static List<Path> workflows() throws IOException {
        try (Stream<Path> s = Files.list(workflowsRoot())) {
            return s.filter(p -> Files.isRegularFile(p.resolve("workflow.knime"))).sorted().toList();
        }
    }

    @Test
    void everyWorkflowParsesAndPassesTheNodesOwnValidation() throws Exception {
        List<Path> all = workflows();
        assertTrue(all.size() >= 6, "expected quick-study, revisiting-study and the per-node workflows, found " + all);
        WorkflowRunner runner = new WorkflowRunner();
        for (Path dir : all) {
            Workflow wf = Workflow.read(dir);
            assertEquals("5.1.0", wf.formatVersion(), dir + ": workflow.knime version");
            assertTrue(wf.createdBy().compareTo("5.5.1") < 0, dir + ": created_by must not be newer than KNIME 5.5");
            for (Workflow.Connection c : wf.connections()) {
                assertTrue(c.sourcePort() >= 1 && c.destPort() >= 1, dir + ": data ports count from 1: " + c);
            }
            for (Workflow.Node n : wf.nodes()) {
                assertTrue(StudyNodes.byFactory().containsKey(n.factory()), dir + ": " + n.factory() + " is not a registered MedTL node");
                assertTrue(n.factory().startsWith("org.medtl.knime."), n.factory());
                assertEquals("org.medtl.knime", n.settings().string("node-bundle-symbolic-name"));
            }
            List<String> warnings = new java.util.ArrayList<>();
            List<String> problems = runner.validate(wf, Map.of(), warnings);
            assertTrue(problems.isEmpty(), dir + ": " + problems);
            // Saved settings are read strictly: every key present, none the node does not read.
            assertTrue(warnings.isEmpty(), dir + ": " + warnings);
        }
    }

    @Test
    void committedWorkflowsAreWhatTheGeneratorWrites(@TempDir Path tmp) throws Exception {
        StudyWorkflows.writeAll(tmp);
        Map<String, String> expected = tree(tmp);
        for (String name : StudyWorkflows.all().keySet()) {
            Map<String, String> committed = tree(workflowsRoot().resolve(name));
            Map<String, String> generated = new TreeMap<>();
            expected.forEach((k, v) -> {
                if (k.startsWith(name + "/")) {
                    generated.put(k.substring(name.length() + 1), v);
                }
            });
            assertEquals(generated.keySet(), committed.keySet(), name + ": files differ; regenerate with ./medtl workflows");
            generated.forEach((k, v) -> assertEquals(v, committed.get(k), name + "/" + k + " differs; regenerate with ./medtl workflows"));
        }
    }

    @Test
    void revisitingStudyTakesDatasetsAndWeightsFromWorkflowVariables() throws Exception {
        Workflow wf = Workflow.read(workflowsRoot().resolve("revisiting-study"));
        for (String key : List.of("thyroid", "breast", "chest", "mammograms", "knee", "isic", "pcam-small")) {
            assertTrue(wf.variables().containsKey(key + "_dir"), key);
        }
        assertTrue(wf.variables().containsKey("imagenet_weights") && wf.variables().containsKey("radimagenet_weights"));
        long tuners = wf.nodes().stream().filter(n -> n.factory().equals(FineTunerStep.FACTORY)).count();
        assertEquals(7 * 5, tuners, "7 datasets x {IN, RIN} x {fine-tune, freeze} + random");
        assertFalse(wf.nodes().stream().anyMatch(n -> n.factory().contains("synthetic")));
    }

    @Test
    void revisitingStudyNodesAreVariableControlledInKnimesLayout() throws Exception {
        // KNIME 5.5 found none of the 161 nodes variable-controlled when bindings were under variables/model.
        Workflow wf = Workflow.read(workflowsRoot().resolve("revisiting-study"));
        Map<String, Long> controlled = new TreeMap<>();
        for (Workflow.Node n : wf.nodes()) {
            if (!n.variableBindings().isEmpty()) {
                assertEquals(Workflow.VARIABLES_VERSION, n.settings().config("variables").string("version"));
                assertTrue(n.settings().config("variables").config("tree") != null, n.settingsFile());
                controlled.merge(n.factory(), 1L, Long::sum);
            }
        }
        assertEquals(Map.of(DatasetReaderStep.FACTORY, 7L, BackboneStep.FACTORY, 21L, FineTunerStep.FACTORY, 35L, CcaComparatorStep.FACTORY, 49L),
                controlled);
        assertEquals(FlowVariable.Type.INTEGER, wf.flowVariables().get("epochs").type(), "number settings need INTEGER variables in KNIME");
        Map<String, String> vars = new java.util.HashMap<>(wf.variables());
        vars.put("epochs", "7");
        Workflow.Node tuner = wf.nodes().stream().filter(n -> n.factory().equals(FineTunerStep.FACTORY)).findFirst().orElseThrow();
        assertEquals(200, tuner.model(wf.variables()).getInt("epochs"));
        assertEquals(7, tuner.model(vars).getInt("epochs"));
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return m;
    }
}
