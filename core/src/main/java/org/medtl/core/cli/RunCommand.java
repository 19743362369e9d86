package org.medtl.core.cli;

import org.medtl.core.io.OutputFolders;
import org.medtl.core.io.OutputLock;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.medtl.core.study.RunProgress;
import org.medtl.core.study.StudyRun;
import org.medtl.core.study.Workflow;
import org.medtl.core.study.WorkflowRunner;

/** {@code ./medtl run}: executes a MedTL workflow headless, by default the embedded quick study. */
final class RunCommand implements Command {

    /** Workflow run when none is given, relative to the MedTL checkout. */
    static final String DEFAULT_WORKFLOW = "test-workflows/quick-study";

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run a MedTL workflow headless (default: the quick study) and write its report";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl run [WORKFLOW_DIR] [--var name=value]... [--select key=value]... [--threads N] [--out DIR]
                       ./medtl run --resume RUN_DIR [--var name=value]... [--select key=value]... [--threads N]

                Executes a KNIME workflow made of MedTL nodes without a KNIME installation: reads workflow.knime
                and each node's settings.xml through the same settings classes the KNIME nodes use, runs the nodes
                as KNIME does (independent branches at the same time, each node as soon as its inputs are there),
                writes every output table as CSV and every port object as files under the output folder, then
                writes report.html there. A failing node stops only the nodes that depend on it; all failures are
                listed at the end and in report.html, which is then marked incomplete; the outputs of the nodes that
                executed stay. Ctrl-C (or SIGTERM) stops the running nodes within about one batch and removes what
                they had not finished. A failed or stopped run continues with --resume (or by running the same
                workflow into the same --out): nodes whose settings and inputs are unchanged keep their outputs.

                  WORKFLOW_DIR     a workflow folder (default: test-workflows/quick-study, synthetic data, ~3-4 min on 2 cores)
                  --var name=value set a workflow variable (repeatable), as KNIME's -workflow.variable
                  --select key=value  run only the nodes labelled so (node description, e.g. dataset=thyroid) and what
                                   they depend on: one cluster job per dataset; merge the jobs with ./medtl report
                  --threads N      execute at most N nodes at the same time (1: one after the other). Default as KNIME:
                                   KNIME_CORE_MAX_THREADS, else -Dorg.knime.core.maxThreads, else 2 per processor
                  --out DIR        output folder (default: medtl-out/<workflow>-<timestamp>); new, empty, or the folder of an
                                   earlier run of the same workflow, which is then continued (changed nodes execute again)
                  --resume RUN_DIR continue an earlier run in its own folder, with the workflow and variables it kept

                Exit codes: 0 ok, 2 bad arguments, 1 the workflow could not be loaded, a node failed (each failure named)
                or the run was canceled.
                Workflows with non-MedTL nodes are refused: run those with KNIME's batch executor.""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allow(Set.of("var", "out", "select", "threads", "resume"));
        if (args.positionals().size() > 1) {
            throw new Args.UsageException("give at most one workflow folder");
        }
        Path resume = args.has("resume") ? Paths.get(args.get("resume", null)) : null;
        if (resume != null && (!args.positionals().isEmpty() || args.has("out"))) {
            throw new Args.UsageException("--resume RUN_DIR continues that run with the workflow it kept, in its own folder; give no workflow"
                    + " folder and no --out with it (to continue with a changed workflow: ./medtl run WORKFLOW_DIR --out RUN_DIR)");
        }
        if (resume != null && !StudyRun.isRunFolder(resume)) {
            throw new Args.UsageException("--resume " + resume + ": not the output folder of './medtl run' (it has no workflow/workflow.knime)");
        }
        Path workflowDir = resume != null ? resume.resolve("workflow")
                : args.positionals().isEmpty() ? home().resolve(DEFAULT_WORKFLOW) : Paths.get(args.positionals().get(0));
        Map<String, String> vars = new LinkedHashMap<>();
        if (resume != null) {
            vars.putAll(StudyRun.earlierVariables(resume));
        }
        for (String v : args.all("var")) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("--var expects name=value, got '" + v + "'");
            }
            vars.put(v.substring(0, eq), v.substring(eq + 1));
        }
        Map<String, String> select = new LinkedHashMap<>();
        for (String s : args.all("select")) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("--select expects key=value, got '" + s + "'");
            }
            select.put(s.substring(0, eq), s.substring(eq + 1));
        }
        Workflow wf = Workflow.read(workflowDir);
        Path outDir = resume != null ? resume : args.has("out") ? Paths.get(args.get("out", null))
                : Paths.get("medtl-out", workflowDir.toAbsolutePath().normalize().getFileName() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            OutputFolders.requireOutsideInputs("--out", outDir, List.of(OutputFolders.Input.folder("workflow folder", workflowDir)));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        WorkflowRunner runner = args.has("threads") ? new WorkflowRunner(threads(args.get("threads", null))) : new WorkflowRunner();
        // Everything that can be refused is refused before anything is written.
        try {
            WorkflowRunner.selected(wf, StudyRun.selection(select));
        } catch (java.io.IOException e) {
            throw new Args.UsageException(e.getMessage());
        }
        continuing(wf, outDir);
        List<String> warnings = new ArrayList<>();
        runner.validate(wf, vars, warnings);
        for (String w : warnings) {
            err.println("medtl run: warning: " + w);
        }
        try (OutputLock lock = OutputLock.acquire(outDir, "--out", "./medtl run")) {
            // Checked again under the lock: another run may have written the folder meanwhile.
            boolean continued = continuing(wf, outDir);
            out.println((continued ? "continuing the earlier run " : "running ") + workflowDir + " -> " + outDir + " ("
                    + (runner.threads() == 1 ? "one node at a time" : "at most " + runner.threads() + " nodes at the same time") + ")");
            return execute(wf, vars, outDir, select, runner, out, err);
        }
    }

    /**
     * True when {@code outDir} holds an earlier run of this workflow, which this run continues; false when it is
     * new or empty; refused otherwise (MedTL never writes over results it did not make for this workflow).
     */
    private static boolean continuing(Workflow wf, Path outDir) throws Exception {
        if (OutputFolders.isNewOrEmpty(outDir)) {
            return false;
        }
        if (!StudyRun.isRunFolder(outDir)) {
            throw new Args.UsageException("output folder " + outDir + " is not empty and not the folder of an earlier './medtl run';"
                    + " MedTL never overwrites earlier results. Choose a new or empty --out.");
        }
        if (!StudyRun.sameNodesAndConnections(wf, StudyRun.earlierWorkflow(outDir))) {
            throw new Args.UsageException("output folder " + outDir + " holds a run of another workflow (its nodes or connections differ from "
                    + wf.dir() + "); a run continues only a run of the same workflow. Choose a new or empty --out.");
        }
        return true;
    }

    private static int execute(Workflow wf, Map<String, String> vars, Path outDir, Map<String, String> select, WorkflowRunner runner,
            PrintStream out, PrintStream err) throws Exception {
        RunProgress progress = new RunProgress() {
            @Override
            public void progress(double fraction, String message) {
                err.printf("[%3.0f%%] %s%n", 100 * fraction, message);
            }

            @Override
            public void checkCanceled() throws InterruptedException {
                if (Interruption.requested()) {
                    throw new InterruptedException("run canceled (interrupted)");
                }
            }
        };
        try {
            Path report = StudyRun.run(wf, vars, outDir, progress, StudyRun.selection(select), runner);
            out.println("outputs: " + outDir.toAbsolutePath());
            out.println("report:  " + report.toAbsolutePath());
            return 0;
        } catch (WorkflowRunner.RunCanceledException e) {
            err.println("medtl run: " + e.getMessage());
            return 1;
        } catch (WorkflowRunner.NodeFailedException e) {
            err.println("medtl run: " + e.getMessage());
            err.println("medtl run: the outputs of the executed nodes stay in " + outDir.toAbsolutePath() + "; report (marked incomplete): "
                    + outDir.toAbsolutePath().resolve("report.html") + ". Fix the cause, then continue with ./medtl run --resume " + outDir + ".");
            return 1;
        }
    }

    private static int threads(String value) throws Args.UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Args.UsageException("--threads expects a whole number of at least 1 (the nodes to execute at the same time), got '" + value + "'");
    }

    /** The MedTL checkout: set by ./medtl, else the working directory. */
    static Path home() {
        String home = System.getProperty("medtl.home");
        return home == null ? Paths.get("").toAbsolutePath() : Paths.get(home);
    }
}
