package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.config.Config;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;

/** The runner on toy nodes: settings, variables, order, port checks, failures named by node. */
class WorkflowRunnerTest {

    /** Writes its "text" setting into a table; with an input, appends the input's content. */
    private static final class EchoNode implements StudyNode {
        final List<String> log;

        EchoNode(List<String> log) {
            this.log = log;
        }

        @Override
        public String factory() {
            return "test.EchoNodeFactory";
        }

        @Override
        public List<PortKind> inputs() {
            return List.of();
        }

        @Override
        public List<PortKind> outputs() {
            return List.of(PortKind.TABLE);
        }

        @Override
        public void validate(Config settings) throws InvalidConfigException {
            if (settings.getString("text").isBlank()) {
                throw new InvalidConfigException("Setting 'text' must not be empty.");
            }
        }

        @Override
        public List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception {
            Path out = outDir.resolve("port_1.csv");
            Files.writeString(out, "value\n" + settings.getString("text") + "\n");
            log.add("echo:" + settings.getString("text") + ":" + settings.getInt("repeat"));
            return List.of(new PortData(PortKind.TABLE, out));
        }
    }

    private static final class JoinNode implements TableTestNode {
        final List<String> log;

        JoinNode(List<String> log) {
            this.log = log;
        }

        @Override
        public String factory() {
            return "test.JoinNodeFactory";
        }

        @Override
        public List<PortKind> inputs() {
            return List.of(PortKind.TABLE, PortKind.TABLE);
        }

        @Override
        public List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception {
            if (settings.getBoolean("fail", false)) {
                throw new IllegalStateException("asked to fail");
            }
            String joined = Files.readString(inputs.get(0).path()).strip() + "|" + Files.readString(inputs.get(1).path()).strip();
            log.add("join:" + joined.replace("\n", "/"));
            Path out = outDir.resolve("port_1.csv");
            Files.writeString(out, joined);
            return List.of(new PortData(PortKind.TABLE, out));
        }
    }

    /** The toy nodes by factory, for the builder (which writes each node's output ports). */
    private static final Map<String, StudyNode> TOY_NODES = Map.of("test.EchoNodeFactory", new EchoNode(new ArrayList<>()), "test.JoinNodeFactory",
            new JoinNode(new ArrayList<>()));

    private static MapConfig echo(String text) {
        MapConfig c = new MapConfig();
        c.addString("text", text);
        c.addInt("repeat", 2);
        c.addStringList("layers", List.of("conv1_relu", "conv5_block3_out"));
        return c;
    }

    private static Path build(Path dir, boolean failJoin) throws IOException {
        WorkflowBuilder b = new WorkflowBuilder("toy", TOY_NODES);
        b.variable("greeting", "hello");
        int a = b.node("test.EchoNodeFactory", "Echo", echo("ignored"), Map.of("text", "greeting"));
        int c = b.node("test.EchoNodeFactory", "Echo", echo("world"), Map.of());
        MapConfig join = new MapConfig();
        join.addBoolean("fail", failJoin);
        int j = b.node("test.JoinNodeFactory", "Join", join, Map.of());
        // Connect in reverse id order on purpose: execution order must follow the connections.
        b.connect(c, 1, j, 2).connect(a, 1, j, 1);
        Path wf = dir.resolve("toy");
        b.write(wf);
        return wf;
    }

    @Test
    void runsNodesInDependencyOrderWithVariablesApplied(@TempDir Path tmp) throws Exception {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        WorkflowRunner runner = new WorkflowRunner(Map.of("test.EchoNodeFactory", new EchoNode(log), "test.JoinNodeFactory", new JoinNode(log)));
        Workflow wf = Workflow.read(build(tmp, false));
        assertEquals("5.1.0", wf.formatVersion());
        assertEquals(List.of("conv1_relu", "conv5_block3_out"), wf.node(2).model(wf.variables()).getStringList("layers"));
        WorkflowRunner.Result r = runner.run(wf, Map.of("greeting", "bonjour"), tmp.resolve("out"), (f, m) -> { });
        // The two echoes are independent and may run in either order (or at once); the join comes after both.
        assertEquals(java.util.Set.of("echo:bonjour:2", "echo:world:2"), java.util.Set.copyOf(log.subList(0, 2)));
        assertEquals("join:value/bonjour|value/world", log.get(2));
        assertTrue(Files.isRegularFile(r.outputs().get(3).get(0).path()));
    }

    @Test
    void unknownVariableOverridesAndForeignNodesAreRefusedBeforeAnythingRuns(@TempDir Path tmp) throws Exception {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        Workflow wf = Workflow.read(build(tmp, false));
        WorkflowRunner runner = new WorkflowRunner(Map.of("test.EchoNodeFactory", new EchoNode(log), "test.JoinNodeFactory", new JoinNode(log)));
        IOException e = assertThrows(IOException.class, () -> runner.run(wf, Map.of("nope", "1"), tmp.resolve("o1"), (f, m) -> { }));
        assertTrue(e.getMessage().contains("nope"));
        WorkflowRunner onlyEcho = new WorkflowRunner(Map.of("test.EchoNodeFactory", new EchoNode(log)));
        e = assertThrows(IOException.class, () -> onlyEcho.run(wf, Map.of(), tmp.resolve("o2"), (f, m) -> { }));
        assertTrue(e.getMessage().contains("test.JoinNodeFactory") && e.getMessage().contains("KNIME_BATCH_APPLICATION"), e.getMessage());
        assertTrue(log.isEmpty(), "nothing may run when the workflow is refused");
    }

    @Test
    void aFailingNodeIsNamed(@TempDir Path tmp) throws Exception {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        Workflow wf = Workflow.read(build(tmp, true));
        WorkflowRunner runner = new WorkflowRunner(Map.of("test.EchoNodeFactory", new EchoNode(log), "test.JoinNodeFactory", new JoinNode(log)));
        WorkflowRunner.NodeFailedException e = assertThrows(WorkflowRunner.NodeFailedException.class,
                () -> runner.run(wf, Map.of(), tmp.resolve("o"), (f, m) -> { }));
        assertTrue(e.getMessage().contains("Join (#3)") && e.getMessage().contains("asked to fail"), e.getMessage());
        assertEquals(WorkflowRunner.NodeState.EXECUTED, e.result().outcomes().get(1).state());
        assertEquals(WorkflowRunner.NodeState.FAILED, e.result().outcomes().get(3).state());
    }

    @Test
    void invalidSettingsAndUnconnectedPortsAreReportedByValidation(@TempDir Path tmp) throws Exception {
        WorkflowBuilder b = new WorkflowBuilder("broken", TOY_NODES);
        b.node("test.EchoNodeFactory", "Echo", echo(" "), Map.of());
        b.node("test.JoinNodeFactory", "Join", new MapConfig(), Map.of());
        b.write(tmp.resolve("broken"));
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        WorkflowRunner runner = new WorkflowRunner(Map.of("test.EchoNodeFactory", new EchoNode(log), "test.JoinNodeFactory", new JoinNode(log)));
        List<String> problems = runner.validate(Workflow.read(tmp.resolve("broken")), Map.of());
        assertTrue(problems.stream().anyMatch(p -> p.contains("'text' must not be empty")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("input port 1") && p.contains("not connected")), problems.toString());
    }

    @Test
    void aSelectionRunsTheLabelledNodesAndWhatTheyDependOn(@TempDir Path tmp) throws Exception {
        WorkflowBuilder b = new WorkflowBuilder("labelled", TOY_NODES);
        int a = b.node("test.EchoNodeFactory", "Echo", "dataset=thyroid", echo("a"), Map.of());
        int c = b.node("test.EchoNodeFactory", "Echo", "dataset=breast", echo("c"), Map.of());
        MapConfig join = new MapConfig();
        join.addBoolean("fail", false);
        int j = b.node("test.JoinNodeFactory", "Join", "dataset=thyroid; pair=x", join, Map.of());
        b.connect(a, 1, j, 1).connect(c, 1, j, 2);
        b.write(tmp.resolve("wf"));
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        WorkflowRunner runner = new WorkflowRunner(Map.of("test.EchoNodeFactory", new EchoNode(log), "test.JoinNodeFactory", new JoinNode(log)));
        Workflow wf = Workflow.read(tmp.resolve("wf"));
        runner.run(wf, Map.of(), tmp.resolve("o1"), (f, m) -> { }, StudyRun.selection(Map.of("dataset", "breast")));
        assertEquals(List.of("echo:c:2"), log);
        log.clear();
        runner.run(wf, Map.of(), tmp.resolve("o2"), (f, m) -> { }, StudyRun.selection(Map.of("pair", "x")));
        assertEquals(3, log.size(), "the join needs both echoes: " + log);
        assertTrue(Files.isRegularFile(tmp.resolve("o2").resolve("Join (#3)").resolve(WorkflowRunner.OUTPUTS_FILE)));
    }

    @Test
    void dataPortsCountFromOne() {
        assertThrows(IllegalArgumentException.class, () -> new WorkflowBuilder("x").connect(1, 0, 2, 1));
    }
}
