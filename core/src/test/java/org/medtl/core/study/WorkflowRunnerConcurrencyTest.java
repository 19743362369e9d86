package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.config.Config;
import org.medtl.core.config.MapConfig;
import org.medtl.core.study.WorkflowRunner.NodeState;

/**
 * The runner schedules like KNIME: independent branches at the same time on a pool of worker threads,
 * each node after all its inputs, one thread meaning one node at a time, a failure stopping only what
 * depends on it, a cancel stopping everything. The nodes are probes that record what happened.
 */
class WorkflowRunnerConcurrencyTest {

    private static final String SOURCE = "test.SourceProbeFactory";
    private static final String STEP = "test.StepProbeFactory";
    private static final String JOIN = "test.JoinProbeFactory";

    /** What the probes saw: start/end events in order, how many ran at once, their context class loaders. */
    private static final class Probe {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final CyclicBarrier barrier = new CyclicBarrier(2);
        final CountDownLatch started;
        final CountDownLatch never = new CountDownLatch(1);
        final List<ClassLoader> contextLoaders = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());

        Probe(int expectedStarts) {
            started = new CountDownLatch(expectedStarts);
        }

        Map<String, StudyNode> registry() {
            return Map.of(SOURCE, new ProbeNode(this, SOURCE, 0), STEP, new ProbeNode(this, STEP, 1), JOIN, new ProbeNode(this, JOIN, 2));
        }

        int index(String event) {
            int i = events.indexOf(event);
            assertTrue(i >= 0, event + " did not happen: " + events);
            return i;
        }
    }

    /** A node with {@code inputs} table inputs and one table output whose behaviour its "do" setting picks. */
    private record ProbeNode(Probe probe, String factory, int inputCount) implements TableTestNode {

        @Override
        public List<PortKind> inputs() {
            return Collections.nCopies(inputCount, PortKind.TABLE);
        }

        @Override
        public List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception {
            String name = settings.getString("name");
            probe.events.add("start:" + name);
            probe.contextLoaders.add(Thread.currentThread().getContextClassLoader());
            probe.threads.add(Thread.currentThread().getName());
            probe.maxActive.accumulateAndGet(probe.active.incrementAndGet(), Math::max);
            try {
                StringBuilder content = new StringBuilder(name);
                for (PortData in : inputs) {
                    content.append('(').append(Files.readString(in.path())).append(')');
                }
                switch (settings.getString("do")) {
                    case "work" -> {
                        for (int i = 0; i < 5; i++) {
                            progress.checkCanceled();
                            progress.progress(i / 5.0, "batch " + i);
                            Thread.sleep(settings.getInt("millis") / 5);
                        }
                    }
                    case "barrier" -> probe.barrier.await(5, TimeUnit.SECONDS);
                    case "fail" -> throw new IllegalStateException("broken on purpose in " + name);
                    case "batches" -> {
                        probe.started.countDown();
                        for (int i = 0; i < 3000; i++) {
                            progress.checkCanceled();
                            progress.progress(i / 3000.0, "batch " + i);
                            Thread.sleep(10);
                        }
                    }
                    case "block" -> {
                        // Like waiting for a lock another node holds: only an interrupt ends it.
                        probe.started.countDown();
                        probe.never.await();
                    }
                    default -> throw new IllegalArgumentException(settings.getString("do"));
                }
                Path out = outDir.resolve("port_1.csv");
                Files.writeString(out, content);
                return List.of(new PortData(PortKind.TABLE, out));
            } finally {
                probe.active.decrementAndGet();
                probe.events.add("end:" + name);
            }
        }
    }

    private static MapConfig probe(String name, String behaviour, int millis) {
        MapConfig c = new MapConfig();
        c.addString("name", name);
        c.addString("do", behaviour);
        c.addInt("millis", millis);
        return c;
    }

    /** Node ids by probe name, to read the result. */
    private static final class Graph {
        // The builder reads only the probes' ports from this registry.
        final WorkflowBuilder builder = new WorkflowBuilder("probes", new Probe(0).registry());
        final Map<String, Integer> ids = new HashMap<>();

        Graph source(String name, String behaviour, int millis) {
            ids.put(name, builder.node(SOURCE, name, probe(name, behaviour, millis), Map.of()));
            return this;
        }

        Graph step(String name, String behaviour, int millis, String input) {
            ids.put(name, builder.node(STEP, name, probe(name, behaviour, millis), Map.of()));
            builder.connect(ids.get(input), 1, ids.get(name), 1);
            return this;
        }

        Graph join(String name, String behaviour, String left, String right) {
            ids.put(name, builder.node(JOIN, name, probe(name, behaviour, 0), Map.of()));
            builder.connect(ids.get(left), 1, ids.get(name), 1).connect(ids.get(right), 1, ids.get(name), 2);
            return this;
        }

        Workflow write(Path dir) throws Exception {
            builder.write(dir.resolve("wf"));
            return Workflow.read(dir.resolve("wf"));
        }
    }

    @Test
    void independentBranchesRunAtTheSameTimeOnThreadsWithAForeignContextLoader(@TempDir Path tmp) throws Exception {
        // Each branch waits at a barrier for the other: executed one after the other, the first would time out.
        Workflow wf = new Graph().source("a", "barrier", 0).source("b", "barrier", 0).join("j", "work", "a", "b").write(tmp);
        Probe probe = new Probe(0);
        WorkflowRunner.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new WorkflowRunner(probe.registry(), 4).run(wf, Map.of(), tmp.resolve("out"), (f, m) -> { }));
        assertEquals(2, probe.maxActive.get());
        assertEquals("j(a)(b)", Files.readString(r.outputs().get(r.workflow().node(3).id()).get(0).path()));
        assertEquals(List.of(NodeState.EXECUTED, NodeState.EXECUTED, NodeState.EXECUTED), r.outcomes().values().stream().map(o -> o.state()).toList());
        for (ClassLoader context : probe.contextLoaders) {
            assertNotSame(WorkflowRunner.class.getClassLoader(), context);
            assertThrows(ClassNotFoundException.class, () -> Class.forName(StudyNode.class.getName(), false, context),
                    "as on KNIME's pool, the context loader must not see MedTL's classes");
        }
        assertTrue(probe.threads.stream().allMatch(t -> t.startsWith("medtl-node-")), probe.threads.toString());
    }

    @Test
    void everyNodeStartsOnlyAfterAllItsInputsFinished(@TempDir Path tmp) throws Exception {
        // a -> b (slow) and a -> c (fast) -> d; b and d -> e
        Workflow wf = new Graph().source("a", "work", 20).step("b", "work", 150, "a").step("c", "work", 10, "a").step("d", "work", 10, "c")
                .join("e", "work", "b", "d").write(tmp);
        Probe probe = new Probe(0);
        new WorkflowRunner(probe.registry(), 4).run(wf, Map.of(), tmp.resolve("out"), (f, m) -> { });
        String[][] edges = {{"a", "b"}, {"a", "c"}, {"c", "d"}, {"b", "e"}, {"d", "e"}};
        for (String[] e : edges) {
            assertTrue(probe.index("end:" + e[0]) < probe.index("start:" + e[1]), e[1] + " started before " + e[0] + " ended: " + probe.events);
        }
        // c and d did not wait for the slow b: the branches overlapped.
        assertTrue(probe.index("end:d") < probe.index("end:b"), probe.events.toString());
    }

    @Test
    void oneThreadExecutesTheNodesOneAfterTheOtherInWorkflowOrder(@TempDir Path tmp) throws Exception {
        Workflow wf = new Graph().source("a", "work", 20).source("b", "work", 20).source("c", "work", 20).step("d", "work", 20, "b")
                .join("e", "work", "a", "d").write(tmp);
        Probe probe = new Probe(0);
        new WorkflowRunner(probe.registry(), 1).run(wf, Map.of(), tmp.resolve("out"), (f, m) -> { });
        assertEquals(1, probe.maxActive.get());
        List<String> expected = new ArrayList<>();
        for (Workflow.Node n : wf.executionOrder()) {
            expected.add("start:" + n.name());
            expected.add("end:" + n.name());
        }
        assertEquals(expected, probe.events);
    }

    @Test
    void aFailureSkipsOnlyWhatDependsOnItAndEveryFailureIsReported(@TempDir Path tmp) throws Exception {
        Workflow wf = new Graph().source("root", "work", 0).step("broken", "fail", 0, "root").step("after-broken", "work", 0, "broken")
                .step("after-after", "work", 0, "after-broken").step("healthy", "work", 200, "root").step("after-healthy", "work", 0, "healthy")
                .source("lonely-broken", "fail", 0).write(tmp);
        Probe probe = new Probe(0);
        WorkflowRunner.NodeFailedException e = assertThrows(WorkflowRunner.NodeFailedException.class,
                () -> new WorkflowRunner(probe.registry(), 4).run(wf, Map.of(), tmp.resolve("out"), (f, m) -> { }));
        String message = e.getMessage();
        assertTrue(message.startsWith("2 nodes failed"), message);
        assertTrue(message.contains("node 'broken (#2)' failed: broken on purpose in broken"), message);
        assertTrue(message.contains("node 'lonely-broken (#7)' failed: broken on purpose in lonely-broken"), message);
        assertTrue(message.contains("node 'after-broken (#3)' not executed because node 'broken (#2)' failed"), message);
        assertTrue(message.contains("node 'after-after (#4)' not executed because node 'broken (#2)' failed"), message);

        WorkflowRunner.Result r = e.result();
        Map<String, NodeState> states = new HashMap<>();
        r.outcomes().forEach((id, o) -> states.put(r.workflow().node(id).name(), o.state()));
        assertEquals(Map.of("root", NodeState.EXECUTED, "broken", NodeState.FAILED, "after-broken", NodeState.SKIPPED, "after-after",
                NodeState.SKIPPED, "healthy", NodeState.EXECUTED, "after-healthy", NodeState.EXECUTED, "lonely-broken", NodeState.FAILED), states);
        assertFalse(probe.events.contains("start:after-broken"));
        assertEquals("after-healthy(healthy(root))", Files.readString(r.outputs().get(6).get(0).path()));
        assertTrue(Files.isRegularFile(tmp.resolve("out").resolve("after-healthy (#6)").resolve(WorkflowRunner.OUTPUTS_FILE)));
        assertFalse(Files.exists(tmp.resolve("out").resolve("after-broken (#3)")), "a skipped node writes nothing");
        assertFalse(Files.exists(tmp.resolve("out").resolve("broken (#2)").resolve(WorkflowRunner.OUTPUTS_FILE)));
    }

    @Test
    void cancelStopsEveryRunningNodeAndStartsNoNewOne(@TempDir Path tmp) throws Exception {
        Workflow wf = new Graph().source("train-a", "batches", 0).source("train-b", "batches", 0).source("waits-for-lock", "block", 0)
                .join("downstream", "work", "train-a", "train-b").write(tmp);
        Probe probe = new Probe(3);
        AtomicBoolean cancel = new AtomicBoolean();
        RunProgress progress = new RunProgress() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public void checkCanceled() throws InterruptedException {
                if (cancel.get()) {
                    throw new InterruptedException("canceled by the user");
                }
            }
        };
        Thread canceller = new Thread(() -> {
            try {
                probe.started.await();
                cancel.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        long t0 = System.nanoTime();
        WorkflowRunner.RunCanceledException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
                WorkflowRunner.RunCanceledException.class, () -> new WorkflowRunner(probe.registry(), 4).run(wf, Map.of(), tmp.resolve("out"), progress)));
        // The batches loop for 30 s uncanceled; stopping must take about one batch (10 ms) plus the coordinator's poll.
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "cancel took too long");
        Map<Integer, WorkflowRunner.NodeOutcome> outcomes = e.result().outcomes();
        assertTrue(outcomes.values().stream().allMatch(o -> o.state() == NodeState.CANCELED), outcomes.toString());
        assertEquals("not started: the run was canceled", outcomes.get(4).reason());
        assertFalse(probe.events.contains("start:downstream"));
        assertEquals(0, probe.active.get(), "every node has returned");
    }

    @Test
    void interruptingTheCallingThreadCancelsTheRun(@TempDir Path tmp) throws Exception {
        Workflow wf = new Graph().source("train-a", "batches", 0).source("waits-for-lock", "block", 0).write(tmp);
        Probe probe = new Probe(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                new WorkflowRunner(probe.registry(), 2).run(wf, Map.of(), tmp.resolve("out"), (f, m) -> { });
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertTrue(probe.started.await(10, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(5000);
        assertFalse(caller.isAlive(), "the run must end within about one batch");
        assertTrue(thrown.get() instanceof WorkflowRunner.RunCanceledException, String.valueOf(thrown.get()));
        assertTrue(stillInterrupted.get(), "the caller's interrupt stays visible");
        assertEquals(0, probe.active.get());
    }

    @Test
    void progressLinesNameTheirNodeAndTheOverallFractionOnlyGrows(@TempDir Path tmp) throws Exception {
        Workflow wf = new Graph().source("a", "work", 100).source("b", "work", 100).source("c", "work", 100).join("j", "work", "a", "b").write(tmp);
        Probe probe = new Probe(0);
        List<Double> fractions = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlapping = new AtomicInteger();
        new WorkflowRunner(probe.registry(), 3).run(wf, Map.of(), tmp.resolve("out"), (f, m) -> {
            if (inside.incrementAndGet() > 1) {
                overlapping.incrementAndGet();
            }
            fractions.add(f);
            messages.add(m);
            inside.decrementAndGet();
        });
        assertEquals(0, overlapping.get(), "the caller's progress is called by one thread at a time");
        assertTrue(probe.maxActive.get() >= 2);
        for (String m : messages) {
            assertTrue(m.matches("^[abcj] \\(#\\d\\): .*"), m);
        }
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue(fractions.get(i) >= fractions.get(i - 1) - 1e-12, "fraction went back: " + fractions);
        }
        assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-12);
        assertTrue(messages.contains("j (#4): executed"), messages.toString());
    }

    @Test
    void twoDatasetReadersAtOnceWriteWhatTheyWriteOneAfterTheOther(@TempDir Path tmp) throws Exception {
        // Real nodes, same synthetic source (so both ask the shared synthetic-data cache for one folder) plus a second task.
        WorkflowBuilder b = new WorkflowBuilder("two readers");
        b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", StudyWorkflows.synthetic("synthetic-ultrasound", 24, 16, "nested-group", 2, 41), Map.of());
        b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", StudyWorkflows.synthetic("synthetic-ultrasound", 24, 16, "nested-group", 2, 41), Map.of());
        b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", StudyWorkflows.synthetic("synthetic-radiology", 24, 16, "nested", 3, 42), Map.of());
        b.write(tmp.resolve("wf"));
        Workflow wf = Workflow.read(tmp.resolve("wf"));
        WorkflowRunner.Result together = new WorkflowRunner(StudyNodes.byFactory(), 3).run(wf, Map.of(), tmp.resolve("together"), (f, m) -> { });
        WorkflowRunner.Result oneByOne = new WorkflowRunner(StudyNodes.byFactory(), 1).run(wf, Map.of(), tmp.resolve("one-by-one"), (f, m) -> { });
        for (int id = 1; id <= 3; id++) {
            for (int port = 0; port < 3; port++) {
                Path a = together.outputs().get(id).get(port).path();
                Path c = oneByOne.outputs().get(id).get(port).path();
                assertEquals(tmp.resolve("together").relativize(a), tmp.resolve("one-by-one").relativize(c));
                assertEquals(Files.readString(c), Files.readString(a), "node #" + id + " port " + (port + 1));
            }
        }
        assertEquals(Files.readString(together.outputs().get(1).get(0).path()), Files.readString(together.outputs().get(2).get(0).path()),
                "the two identical readers agree");
    }

    @Test
    void aRunWithAFailedNodeKeepsWhatTheReportNeedsFromTheOthers(@TempDir Path tmp) throws Exception {
        WorkflowBuilder b = new WorkflowBuilder("one reader fails");
        b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", StudyWorkflows.synthetic("synthetic-ultrasound", 24, 16, "nested-group", 2, 41), Map.of());
        // Valid settings, but too few images for two classes: fails while executing, as a missing file would.
        b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", StudyWorkflows.synthetic("synthetic-ultrasound", 2, 16, "nested-group", 2, 41), Map.of());
        b.write(tmp.resolve("wf"));
        Path out = tmp.resolve("out");
        WorkflowRunner.NodeFailedException e = assertThrows(WorkflowRunner.NodeFailedException.class,
                () -> StudyRun.run(Workflow.read(tmp.resolve("wf")), Map.of(), out, (f, m) -> { }, n -> true, new WorkflowRunner(2)));
        assertTrue(e.getMessage().contains("Medical Dataset Reader (#2)' failed") && e.getMessage().contains("at least 4 images"), e.getMessage());
        assertEquals(List.of(1), e.result().nodes(NodeState.EXECUTED));
        // The run folder is still a run folder: ./medtl report rebuilds a report from the node that executed.
        Path report = StudyRun.report(List.of(out), tmp.resolve("report"));
        assertTrue(Files.readString(report).contains("SYNTHETIC DATA"));
    }

    @Test
    void poolSizeDefaultsAsKnimeAndHonoursKnimesSettings() {
        assertEquals(8, WorkflowRunner.defaultThreads(null, null, 4), "two per processor");
        assertEquals(3, WorkflowRunner.defaultThreads("3", null, 4));
        assertEquals(5, WorkflowRunner.defaultThreads("", "5", 4), "an empty variable leaves the property in charge");
        assertEquals(3, WorkflowRunner.defaultThreads("3", "5", 4), "the environment variable wins, as in KNIME");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkflowRunner.defaultThreads("0", null, 4));
        assertTrue(e.getMessage().contains(WorkflowRunner.THREADS_VARIABLE), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WorkflowRunner.defaultThreads(null, "many", 4));
        assertTrue(e.getMessage().contains(WorkflowRunner.THREADS_PROPERTY), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WorkflowRunner(Map.of(), 0));
    }
}
