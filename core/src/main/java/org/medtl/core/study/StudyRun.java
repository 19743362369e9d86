package org.medtl.core.study;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.medtl.core.io.OutputFolders;
import org.medtl.core.io.TempOutputs;

/**
 * Runs a study workflow headless and writes its report ({@code ./medtl run}), and merges the outputs of
 * several runs into one report ({@code ./medtl report}) when a study was split into cluster jobs.
 */
public final class StudyRun {

    /** Folder of a run's output that keeps the workflow as it ran, so its report can be rebuilt later. */
    static final String WORKFLOW_COPY = "workflow";
    static final String VARIABLES_FILE = "variables.properties";

    private StudyRun() {
    }

    /** Runs {@code wf} into {@code outDir} and returns the path of {@code report.html}. */
    public static Path run(Workflow wf, Map<String, String> variables, Path outDir, RunProgress progress)
            throws IOException, WorkflowRunner.NodeFailedException {
        return run(wf, variables, outDir, progress, n -> true);
    }

    /** Runs the selected nodes (and what they depend on) into {@code outDir}; returns the report. */
    public static Path run(Workflow wf, Map<String, String> variables, Path outDir, RunProgress progress, Predicate<Workflow.Node> select)
            throws IOException, WorkflowRunner.NodeFailedException {
        return run(wf, variables, outDir, progress, select, new WorkflowRunner());
    }

    /**
     * Runs the selected nodes with {@code runner} (which sets how many nodes run at once). {@code outDir} is new,
     * empty, or the folder of an earlier run of this workflow, which the run then continues: a node whose
     * settings and inputs are unchanged keeps its earlier outputs, every other node executes (as KNIME
     * re-executes a workflow: executed nodes stay executed until their settings or inputs change).
     *
     * <p>When nodes fail, the run folder keeps the workflow, the outputs of every node that executed and a
     * report marked incomplete that names each failed node and why, so {@code ./medtl report} can show it and
     * {@code ./medtl run --resume} can continue it; the exception lists every failure. A canceled run is kept
     * the same way when any node executed, and removed when none did.</p>
     */
    public static Path run(Workflow wf, Map<String, String> variables, Path outDir, RunProgress progress, Predicate<Workflow.Node> select,
            WorkflowRunner runner) throws IOException, WorkflowRunner.NodeFailedException {
        OutputFolders.requireOutsideInputs("Run folder", outDir, inputs(wf, effective(wf, variables)));
        boolean created = !Files.exists(outDir);
        if (created) {
            Files.createDirectories(outDir);
            // Until it holds a first result, a new run folder is unfinished: a run stopped before then leaves nothing.
            TempOutputs.unfinished(outDir);
        }
        WorkflowRunner.Result result;
        try {
            result = runner.run(wf, variables, outDir, progress, select);
        } catch (WorkflowRunner.NodeFailedException e) {
            writeIncomplete(wf, variables, outDir, e.result());
            throw e;
        } catch (WorkflowRunner.RunCanceledException e) {
            if (e.result().nodes(WorkflowRunner.NodeState.EXECUTED).isEmpty()) {
                TempOutputs.discard(outDir);
            } else {
                writeIncomplete(wf, variables, outDir, e.result());
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            TempOutputs.discard(outDir);
            throw e;
        }
        keepWorkflow(wf, variables, outDir);
        RunRecords.writeStatus(outDir, result);
        StudyResults.Collector collector = new StudyResults.Collector(title(wf));
        collect(wf, effective(wf, variables), id -> result.outputs().get(id), collector);
        Path report = StudyReport.write(collector.build(), outDir);
        TempOutputs.finished(outDir);
        return report;
    }

    /** The workflow, the run's state and a report marked incomplete, for a run some of whose nodes did not execute. */
    private static void writeIncomplete(Workflow wf, Map<String, String> variables, Path outDir, WorkflowRunner.Result result) throws IOException {
        keepWorkflow(wf, variables, outDir);
        RunRecords.writeStatus(outDir, result);
        StudyResults.Collector collector = new StudyResults.Collector(title(wf));
        collect(wf, effective(wf, variables), id -> result.outputs().get(id), collector);
        StudyReport.write(collector.build(), outDir, RunRecords.readStatus(outDir));
        TempOutputs.finished(outDir);
    }

    /** One report from the outputs of several runs (each written by {@link #run}). */
    public static Path report(List<Path> runDirs, Path outDir) throws IOException {
        OutputFolders.requireOutsideInputs("Report folder", outDir,
                runDirs.stream().map(r -> OutputFolders.Input.folder("run folder", r)).toList());
        StudyResults.Collector collector = null;
        List<RunRecords.Incomplete> incomplete = new java.util.ArrayList<>();
        for (Path run : runDirs) {
            org.medtl.core.io.InputFiles.requireFolder(run, "the output folder of './medtl run'");
            Workflow wf = earlierWorkflow(run);
            Map<String, String> vars = earlierVariables(run);
            if (collector == null) {
                collector = new StudyResults.Collector(title(wf));
            }
            Map<Integer, List<PortData>> outputs = new TreeMap<>();
            for (Workflow.Node n : wf.nodes()) {
                List<PortData> o = WorkflowRunner.recordedOutputs(run, n);
                if (o != null) {
                    outputs.put(n.id(), o);
                }
            }
            collect(wf, vars, outputs::get, collector);
            for (RunRecords.Incomplete i : RunRecords.readStatus(run)) {
                incomplete.add(runDirs.size() == 1 ? i : new RunRecords.Incomplete(run.getFileName() + ": " + i.node(), i.state(), i.reason()));
            }
        }
        if (collector == null) {
            throw new IOException("no run folders given");
        }
        Files.createDirectories(outDir);
        return StudyReport.write(collector.build(), outDir, incomplete);
    }

    /** True when {@code dir} holds the output of {@code ./medtl run} (finished, failed or canceled). */
    public static boolean isRunFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(WORKFLOW_COPY).resolve("workflow.knime"));
    }

    /** The workflow an earlier run executed, as kept in its run folder. */
    public static Workflow earlierWorkflow(Path runDir) throws IOException {
        if (!isRunFolder(runDir)) {
            throw new IOException(runDir + " is not the output folder of './medtl run' (it has no " + WORKFLOW_COPY + "/workflow.knime).");
        }
        return Workflow.read(runDir.resolve(WORKFLOW_COPY));
    }

    /** The workflow variables an earlier run executed with. */
    public static Map<String, String> earlierVariables(Path runDir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(runDir.resolve(WORKFLOW_COPY).resolve(VARIABLES_FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> vars = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> vars.put(k, p.getProperty(k)));
        return vars;
    }

    /**
     * True when two workflows have the same nodes (ids and node types) and connections, so that a run of one can
     * continue a run of the other; their settings may differ (changed nodes then execute again).
     */
    public static boolean sameNodesAndConnections(Workflow a, Workflow b) {
        java.util.Set<String> na = new java.util.HashSet<>();
        a.nodes().forEach(n -> na.add(n.id() + " " + n.factory()));
        java.util.Set<String> nb = new java.util.HashSet<>();
        b.nodes().forEach(n -> nb.add(n.id() + " " + n.factory()));
        return na.equals(nb) && new java.util.HashSet<>(a.connections()).equals(new java.util.HashSet<>(b.connections()));
    }

    private static String title(Workflow wf) {
        return wf.description() == null || wf.description().isBlank() ? "MedTL study: " + wf.dir().getFileName() : wf.description();
    }

    private static void collect(Workflow wf, Map<String, String> variables, java.util.function.IntFunction<List<PortData>> outputsOf,
            StudyResults.Collector collector) throws IOException {
        Map<String, StudyNode> registry = StudyNodes.byFactory();
        for (Workflow.Node n : wf.executionOrder()) {
            List<PortData> outputs = outputsOf.apply(n.id());
            if (outputs != null && registry.get(n.factory()) instanceof ReportContributor contributor) {
                try {
                    contributor.contribute(WorkflowRunner.label(n), n.model(variables), labels(n), outputs, collector);
                } catch (Exception e) {
                    throw new IOException("the report could not read the outputs of node '" + WorkflowRunner.label(n) + "': " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Copies workflow.knime and every node's settings.xml, with the variables as they ran; a continued run
     * replaces the copy of the run it continues (a run resumed from its own copy only updates the variables).
     */
    private static void keepWorkflow(Workflow wf, Map<String, String> overrides, Path outDir) throws IOException {
        Path copy = outDir.resolve(WORKFLOW_COPY).toAbsolutePath().normalize();
        Path tmp = TempOutputs.folder(outDir, "." + WORKFLOW_COPY + ".tmp");
        try {
            // Resumed from the copy itself: the same files again, with the variables replaced below.
            List<String> files = new java.util.ArrayList<>(List.of("workflow.knime"));
            wf.nodes().forEach(n -> files.add(n.settingsFile()));
            for (String f : files) {
                Path target = tmp.resolve(f);
                Files.createDirectories(target.getParent());
                Files.copy(wf.dir().resolve(f), target);
            }
            Properties p = new Properties();
            effective(wf, overrides).forEach(p::setProperty);
            try (Writer w = Files.newBufferedWriter(tmp.resolve(VARIABLES_FILE), StandardCharsets.UTF_8)) {
                p.store(w, "workflow variables of this run");
            }
            TempOutputs.deleteTree(copy);
            TempOutputs.publish(tmp, copy);
        } finally {
            TempOutputs.discard(tmp);
        }
    }

    /**
     * A run's input folders: the workflow folder and every Dataset Reader's source folder. A reader whose
     * settings do not build is left to the run, which reports it with the node's name.
     */
    private static List<OutputFolders.Input> inputs(Workflow wf, Map<String, String> variables) {
        List<OutputFolders.Input> inputs = new java.util.ArrayList<>();
        inputs.add(OutputFolders.Input.folder("workflow folder", wf.dir()));
        for (Workflow.Node n : wf.nodes()) {
            if (!DatasetReaderStep.FACTORY.equals(n.factory())) {
                continue;
            }
            try {
                Path source = Path.of(org.medtl.core.dataset.DatasetSettings.fromConfig(n.model(variables)).source());
                if (Files.isDirectory(source)) {
                    inputs.add(OutputFolders.Input.folder("dataset source folder of node '" + n.name() + "' (#" + n.id() + ")", source));
                }
            } catch (IOException | org.medtl.core.config.InvalidConfigException | RuntimeException e) {
                // reported by the run itself
            }
        }
        return inputs;
    }

    private static Map<String, String> effective(Workflow wf, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(wf.variables());
        all.putAll(overrides);
        return all;
    }

    /**
     * A node's study labels from its description ("Node description" in KNIME), written as
     * {@code key=value; key=value}, e.g. {@code dataset=breast; init=ImageNet; mode=full}.
     */
    static Map<String, String> labels(Workflow.Node n) {
        Map<String, String> labels = new LinkedHashMap<>();
        String d = n.description();
        if (d == null) {
            return labels;
        }
        for (String part : d.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                labels.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return labels;
    }

    /** Nodes whose labels contain every {@code key=value} of {@code selection} (an empty selection takes all). */
    public static Predicate<Workflow.Node> selection(Map<String, String> selection) {
        return n -> {
            Map<String, String> labels = labels(n);
            return selection.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        };
    }
}
