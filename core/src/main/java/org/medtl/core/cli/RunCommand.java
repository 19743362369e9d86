package org.medtl.core.cli;

import org.medtl.core.io.OutputFolders;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

                Executes a KNIME workflow made of MedTL nodes without a KNIME installation: reads workflow.knime
                and each node's settings.xml through the same settings classes the KNIME nodes use, runs the nodes
                as KNIME does (independent branches at the same time, each node as soon as its inputs are there),
                writes every output table as CSV and every port object as files under the output folder, then
                writes report.html there. A failing node stops only the nodes that depend on it; all failures are
                listed at the end. Ctrl-C stops the running nodes within about one batch.

                  WORKFLOW_DIR     a workflow folder (default: test-workflows/quick-study, synthetic data, ~3-4 min on 2 cores)
                  --var name=value set a workflow variable (repeatable), as KNIME's -workflow.variable
                  --select key=value  run only the nodes labelled so (node description, e.g. dataset=thyroid) and what
                                   they depend on: one cluster job per dataset; merge the jobs with ./medtl report
                  --threads N      execute at most N nodes at the same time (1: one after the other). Default as KNIME:
                                   KNIME_CORE_MAX_THREADS, else -Dorg.knime.core.maxThreads, else 2 per processor
                  --out DIR        output folder (default: medtl-out/<workflow>-<timestamp>); must not exist or be empty

                Exit codes: 0 ok, 2 bad arguments, 1 the workflow could not be loaded, a node failed (each failure named)
                or the run was canceled.
                Workflows with non-MedTL nodes are refused: run those with KNIME's batch executor.""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allow(Set.of("var", "out", "select", "threads"));
        if (args.positionals().size() > 1) {
            throw new Args.UsageException("give at most one workflow folder");
        }
        Path workflowDir = args.positionals().isEmpty() ? home().resolve(DEFAULT_WORKFLOW) : Paths.get(args.positionals().get(0));
        Map<String, String> vars = new LinkedHashMap<>();
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
        Path outDir = args.has("out") ? Paths.get(args.get("out", null))
                : Paths.get("medtl-out", workflowDir.toAbsolutePath().normalize().getFileName() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (!OutputFolders.isNewOrEmpty(outDir)) {
            throw new Args.UsageException("output folder " + outDir + " is not empty; MedTL never overwrites earlier results");
        }
        try {
            OutputFolders.requireOutsideInputs("--out", outDir, List.of(OutputFolders.Input.folder("workflow folder", workflowDir)));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        WorkflowRunner runner = args.has("threads") ? new WorkflowRunner(threads(args.get("threads", null))) : new WorkflowRunner();
        List<String> warnings = new ArrayList<>();
        runner.validate(wf, vars, warnings);
        for (String w : warnings) {
            err.println("medtl run: warning: " + w);
        }
        out.println("running " + workflowDir + " -> " + outDir + " ("
                + (runner.threads() == 1 ? "one node at a time" : "at most " + runner.threads() + " nodes at the same time") + ")");
        AtomicBoolean ctrlC = new AtomicBoolean();
        CountDownLatch ended = new CountDownLatch(1);
        Thread stopOnCtrlC = new Thread(() -> {
            ctrlC.set(true);
            err.println("medtl run: stopping the running nodes (Ctrl-C) ...");
            try {
                // The JVM exits when this hook returns: give the nodes time to stop and clean up their temporary files.
                ended.await(CTRL_C_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "medtl-run-ctrl-c");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        RunProgress progress = new RunProgress() {
            @Override
            public void progress(double fraction, String message) {
                err.printf("[%3.0f%%] %s%n", 100 * fraction, message);
            }

            @Override
            public void checkCanceled() throws InterruptedException {
                if (ctrlC.get()) {
                    throw new InterruptedException("run canceled (Ctrl-C)");
                }
            }
        };
        try {
            Path report = StudyRun.run(wf, vars, outDir, progress, StudyRun.selection(select), runner);
            out.println("outputs: " + outDir.toAbsolutePath());
            out.println("report:  " + report.toAbsolutePath());
            return 0;
        } catch (WorkflowRunner.RunCanceledException e) {
            // Printed here, before the Ctrl-C hook is released: once it returns the JVM halts.
            err.println("medtl run: " + e.getMessage());
            return 1;
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for this run, which has just ended.
            }
        }
    }

    /** How long Ctrl-C waits for the running nodes to stop before the JVM exits anyway. */
    private static final long CTRL_C_GRACE_SECONDS = 30;

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
