package org.medtl.core.study;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.medtl.core.config.MapConfig;
import org.medtl.core.study.WorkflowRunner.NodeOutcome;
import org.medtl.core.study.WorkflowRunner.NodeState;
import org.medtl.core.training.TrainingCancelledException;
import org.medtl.core.io.TempOutputs;

/**
 * One execution of a workflow, scheduled as KNIME schedules it: a node is handed to the worker pool as
 * soon as every node it depends on has executed, at most {@code threads} nodes run at once, a failure
 * skips only what depends on the failed node, and a cancel stops the running nodes and starts no new one.
 *
 * <p>The calling thread coordinates: it alone starts nodes and records outcomes, so the bookkeeping needs no
 * locks; the workers only execute a node and hand back its outputs or its error.</p>
 */
final class WorkflowExecution {

    /**
     * The context class loader of the worker threads. KNIME's pool threads carry the loader of whoever
     * submitted the job, never our bundle's, so a node that only works with the core's loader as context
     * loader would fail in KNIME; giving the workers a loader that sees nothing of MedTL or DJL makes such
     * a node fail here too ({@code DjlRuntime.call} sets the right loader around DJL).
     */
    static final ClassLoader FOREIGN_CONTEXT_LOADER = new ClassLoader("medtl-foreign-context", ClassLoader.getPlatformClassLoader()) {
    };

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    /** How often the coordinator asks the caller's progress whether to cancel while nodes run. */
    private static final long CANCEL_POLL_MILLIS = 100;

    /**
     * A node finished on a worker: its outputs and the id of the execution that made them (an earlier one when
     * they were reused), or the error it ended with.
     */
    private record Completion(int id, List<PortData> outputs, String execution, boolean reused, Throwable error) {
    }

    private final Workflow wf;
    private final Map<String, StudyNode> registry;
    private final Map<String, String> variables;
    private final Path outDir;
    private final RunProgress progress;
    private final List<Workflow.Node> order;
    private final int threads;

    private final Map<Integer, Integer> position = new HashMap<>();
    private final Map<Integer, List<Integer>> downstream = new HashMap<>();
    private final Map<Integer, Integer> waitingFor = new HashMap<>();
    private final Map<Integer, List<PortData>> outputs = new LinkedHashMap<>();
    private final Map<Integer, NodeOutcome> outcomes = new HashMap<>();
    private final Map<Integer, Throwable> errors = new HashMap<>();
    /** Per executed node, the execution its outputs come from: part of the fingerprint of every node it feeds. */
    private final Map<Integer, String> executions = new HashMap<>();
    /** Started and not yet finished; read by {@link #cancel()}, which a node's thread may call. */
    private final Map<Integer, NodeTask> running = new ConcurrentHashMap<>();
    private final PriorityQueue<Workflow.Node> ready;
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();

    private final AtomicBoolean canceled = new AtomicBoolean();
    /** Progress of the running nodes in [0, 1], for the overall fraction. */
    private final Map<Integer, Double> runningFractions = new ConcurrentHashMap<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final Object progressLock = new Object();

    WorkflowExecution(Workflow wf, Map<String, StudyNode> registry, Map<String, String> variables, Path outDir, RunProgress progress,
            List<Workflow.Node> order, int threads) throws IOException {
        this.wf = wf;
        this.registry = registry;
        this.variables = variables;
        this.outDir = outDir;
        this.progress = progress;
        this.order = order;
        this.threads = threads;
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i).id(), i);
        }
        // Among nodes ready at the same time the one earlier in the workflow's order goes first, so one thread
        // executes exactly the sequential order.
        this.ready = new PriorityQueue<>(java.util.Comparator.comparingInt(n -> position.get(n.id())));
        for (Workflow.Node n : order) {
            java.util.Set<Integer> sources = new java.util.HashSet<>();
            for (Workflow.Connection c : wf.inputs(n.id()).values()) {
                sources.add(c.sourceId());
            }
            waitingFor.put(n.id(), sources.size());
            for (int s : sources) {
                downstream.computeIfAbsent(s, k -> new ArrayList<>()).add(n.id());
            }
            if (sources.isEmpty()) {
                ready.add(n);
            }
        }
    }

    /** Runs every node it can; returns each node's outcome (failures and a cancel are in the outcomes). */
    WorkflowRunner.Result run() {
        int poolNumber = POOL_NUMBER.incrementAndGet();
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "medtl-node-" + poolNumber + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(FOREIGN_CONTEXT_LOADER);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, factory);
        boolean callerInterrupted = false;
        try {
            while (true) {
                pollCallerCancel();
                while (!canceled.get() && running.size() < threads && !ready.isEmpty()) {
                    start(ready.poll(), pool);
                }
                if (running.isEmpty()) {
                    break;
                }
                Completion c;
                try {
                    c = completions.poll(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    callerInterrupted = true;
                    cancel();
                    continue;
                }
                if (c != null) {
                    finish(c);
                }
            }
        } finally {
            if (!running.isEmpty()) {
                // Only reached when the coordinator itself broke: stop the workers rather than leave them running.
                cancel();
            }
            pool.shutdownNow();
        }
        if (callerInterrupted) {
            // The wait consumed the caller's interrupt; keep it visible to the caller.
            Thread.currentThread().interrupt();
        }
        if (canceled.get()) {
            for (Workflow.Node n : order) {
                outcomes.putIfAbsent(n.id(), new NodeOutcome(NodeState.CANCELED, "not started: the run was canceled"));
            }
        }
        Map<Integer, NodeOutcome> ordered = new LinkedHashMap<>();
        for (Workflow.Node n : order) {
            ordered.put(n.id(), outcomes.get(n.id()));
        }
        return new WorkflowRunner.Result(outDir, outputs, wf, ordered);
    }

    /** The error a failed node ended with. */
    Throwable error(int id) {
        return errors.get(id);
    }

    private void pollCallerCancel() {
        if (canceled.get()) {
            return;
        }
        try {
            progress.checkCanceled();
        } catch (InterruptedException e) {
            cancel();
        }
    }

    /** Stops the run: no node starts any more, the running ones are told through checkCanceled and interrupted. */
    private void cancel() {
        if (canceled.compareAndSet(false, true)) {
            report("canceling: stopping " + running.size() + " running node(s), starting no new ones");
        }
        // Interrupting also ends waits inside a node (another fine-tuning's lock, a full queue of batches).
        for (NodeTask task : running.values()) {
            task.interrupt();
        }
    }

    private void start(Workflow.Node n, ExecutorService pool) {
        StudyNode impl = registry.get(n.factory());
        List<PortData> inputs = new ArrayList<>();
        List<String> upstream = new ArrayList<>();
        Map<Integer, Workflow.Connection> connected = wf.inputs(n.id());
        for (int p = 1; p <= impl.inputs().size(); p++) {
            Workflow.Connection c = connected.get(p);
            inputs.add(c == null ? null : outputs.get(c.sourceId()).get(c.sourcePort() - 1));
            if (c != null) {
                upstream.add(p + "=" + executions.get(c.sourceId()) + ":" + c.sourcePort());
            }
        }
        NodeTask task = new NodeTask(n, impl, inputs, upstream);
        running.put(n.id(), task);
        runningFractions.put(n.id(), 0.0);
        pool.execute(task);
    }

    private void finish(Completion c) {
        running.remove(c.id());
        synchronized (progressLock) {
            // Together, so that a concurrent progress line never sees the node neither running nor finished.
            finished.incrementAndGet();
            runningFractions.remove(c.id());
        }
        Workflow.Node n = wf.node(c.id());
        String label = WorkflowRunner.label(n);
        if (c.error() == null) {
            outputs.put(c.id(), c.outputs());
            executions.put(c.id(), c.execution());
            outcomes.put(c.id(), new NodeOutcome(NodeState.EXECUTED, null));
            report(label + (c.reused() ? ": reused the outputs of the earlier run (settings and inputs unchanged)" : ": executed"));
            for (int d : downstream.getOrDefault(c.id(), List.of())) {
                if (waitingFor.merge(d, -1, Integer::sum) == 0 && !outcomes.containsKey(d)) {
                    ready.add(wf.node(d));
                }
            }
            return;
        }
        if (canceled.get() && isCancellation(c.error())) {
            outcomes.put(c.id(), new NodeOutcome(NodeState.CANCELED, "stopped: the run was canceled"));
            report(label + ": canceled");
            return;
        }
        String why = reason(c.error());
        outcomes.put(c.id(), new NodeOutcome(NodeState.FAILED, why));
        errors.put(c.id(), c.error());
        report(label + ": FAILED: " + why);
        skipDownstream(c.id(), label);
    }

    /** Marks everything that depends on {@code failed}, directly or not, as not executed because of it. */
    private void skipDownstream(int failed, String failedLabel) {
        java.util.Deque<Integer> todo = new java.util.ArrayDeque<>(downstream.getOrDefault(failed, List.of()));
        while (!todo.isEmpty()) {
            int d = todo.pop();
            if (outcomes.containsKey(d)) {
                continue;
            }
            outcomes.put(d, new NodeOutcome(NodeState.SKIPPED, "not executed because node '" + failedLabel + "' failed"));
            finished.incrementAndGet();
            todo.addAll(downstream.getOrDefault(d, List.of()));
        }
    }

    private static boolean isCancellation(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof CancellationException || e instanceof InterruptedException || e instanceof ClosedByInterruptException
                    || e instanceof TrainingCancelledException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.toString() : m;
    }

    /**
     * Hands one progress line to the caller, one thread at a time so that lines of concurrent nodes never
     * interleave. The overall fraction counts finished nodes plus the running nodes' own fractions.
     */
    private void report(String message) {
        synchronized (progressLock) {
            double sum = finished.get();
            for (double f : runningFractions.values()) {
                sum += f;
            }
            progress.progress(Math.min(1, sum / order.size()), message);
        }
    }

    /** One node on a worker thread. */
    private final class NodeTask implements Runnable {
        private final Workflow.Node node;
        private final StudyNode impl;
        private final List<PortData> inputs;
        /** {@code "port=executionId:sourcePort"} per connected input port. */
        private final List<String> upstream;
        private final String label;
        private final Path nodeDir;
        private volatile Thread thread;

        NodeTask(Workflow.Node node, StudyNode impl, List<PortData> inputs, List<String> upstream) {
            this.node = node;
            this.impl = impl;
            this.inputs = inputs;
            this.upstream = upstream;
            this.label = WorkflowRunner.label(node);
            this.nodeDir = outDir.resolve(label);
        }

        void interrupt() {
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            Completion result;
            try {
                result = execute();
            } catch (Throwable e) {
                // Errors too: the coordinator waits for every started node, so each must report back.
                result = new Completion(node.id(), null, null, false, e);
                try {
                    // What a failed or canceled node wrote is unfinished: only executed nodes leave a folder.
                    TempOutputs.discard(nodeDir);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            } finally {
                thread = null;
                Thread.interrupted();
            }
            completions.add(result);
        }

        private Completion execute() throws Exception {
            RunProgress nodeProgress = new RunProgress() {
                @Override
                public void progress(double fraction, String message) {
                    synchronized (progressLock) {
                        if (fraction >= 0) {
                            // A node's fraction only grows here, so the overall fraction never goes back.
                            runningFractions.merge(node.id(), Math.min(1, fraction), Math::max);
                        }
                        report(label + ": " + message);
                    }
                }

                @Override
                public void checkCanceled() throws InterruptedException {
                    if (canceled.get()) {
                        throw new InterruptedException("run canceled");
                    }
                    try {
                        progress.checkCanceled();
                    } catch (InterruptedException e) {
                        cancel();
                        throw e;
                    }
                }
            };
            nodeProgress.checkCanceled();
            MapConfig settings = node.model(variables);
            String fingerprint = RunRecords.fingerprint(node, settings, upstream);
            RunRecords.Execution earlier = RunRecords.readExecution(nodeDir);
            if (earlier != null && earlier.fingerprint().equals(fingerprint)) {
                List<PortData> recorded = WorkflowRunner.recordedOutputs(outDir, node);
                if (recorded != null && recorded.size() == impl.outputs().size() && recorded.stream().allMatch(d -> Files.exists(d.path()))) {
                    return new Completion(node.id(), recorded, earlier.id(), true, null);
                }
            }
            if (Files.exists(nodeDir)) {
                nodeProgress.progress(0, earlier == null ? "removing what an unfinished earlier execution left"
                        : "settings or inputs changed since the earlier run: replacing its outputs");
                TempOutputs.deleteTree(nodeDir);
            }
            Files.createDirectories(nodeDir);
            TempOutputs.unfinished(nodeDir);
            nodeProgress.progress(0, "started");
            List<PortData> produced = impl.execute(settings, inputs, nodeDir, nodeProgress);
            if (produced.size() != impl.outputs().size()) {
                throw new IllegalStateException("produced " + produced.size() + " outputs, expected " + impl.outputs().size());
            }
            RunRecords.Execution execution = new RunRecords.Execution(fingerprint, java.util.UUID.randomUUID().toString());
            RunRecords.writeExecution(nodeDir, execution);
            // outputs.tsv comes last: a node folder without it is never reused.
            writeOutputsFile(nodeDir, produced);
            TempOutputs.finished(nodeDir);
            return new Completion(node.id(), produced, execution.id(), false, null);
        }

        private void writeOutputsFile(Path nodeDir, List<PortData> produced) throws IOException {
            List<String> lines = new ArrayList<>();
            for (PortData d : produced) {
                lines.add(d.kind() + "\t" + outDir.toAbsolutePath().relativize(d.path().toAbsolutePath()).toString().replace('\\', '/'));
            }
            Path tmp = TempOutputs.file(nodeDir, ".outputs-", ".tsv.tmp");
            try {
                Files.write(tmp, lines, StandardCharsets.UTF_8);
                TempOutputs.publish(tmp, nodeDir.resolve(WorkflowRunner.OUTPUTS_FILE));
            } finally {
                TempOutputs.discard(tmp);
            }
        }
    }
}
