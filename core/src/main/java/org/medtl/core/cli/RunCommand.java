package org.medtl.core.cli;

import org.medtl.core.io.OutputFolders;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.medtl.core.study.StudyRun;
import org.medtl.core.study.Workflow;

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
                usage: ./medtl run [WORKFLOW_DIR] [--var name=value]... [--select key=value]... [--out DIR]

                Executes a KNIME workflow made of MedTL nodes without a KNIME installation: reads workflow.knime
                and each node's settings.xml through the same settings classes the KNIME nodes use, runs the nodes
                in dependency order, writes every output table as CSV and every port object as files under the
                output folder, then writes report.html there.

                  WORKFLOW_DIR     a workflow folder (default: test-workflows/quick-study, synthetic data, ~3-4 min on 2 cores)
                  --var name=value set a workflow variable (repeatable), as KNIME's -workflow.variable
                  --select key=value  run only the nodes labelled so (node description, e.g. dataset=thyroid) and what
                                   they depend on: one cluster job per dataset; merge the jobs with ./medtl report
                  --out DIR        output folder (default: medtl-out/<workflow>-<timestamp>); must not exist or be empty

                Exit codes: 0 ok, 2 bad arguments, 1 the workflow could not be loaded or a node failed (named).
                Workflows with non-MedTL nodes are refused: run those with KNIME's batch executor.""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allow(Set.of("var", "out", "select"));
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
        if (outDir.toAbsolutePath().normalize().startsWith(workflowDir.toAbsolutePath().normalize())) {
            throw new Args.UsageException("the output folder must not be inside the workflow folder " + workflowDir);
        }
        out.println("running " + workflowDir + " -> " + outDir);
        Path report = StudyRun.run(wf, vars, outDir, (fraction, message) -> err.printf("[%3.0f%%] %s%n", 100 * fraction, message),
                StudyRun.selection(select));
        out.println("outputs: " + outDir.toAbsolutePath());
        out.println("report:  " + report.toAbsolutePath());
        return 0;
    }

    /** The MedTL checkout: set by ./medtl, else the working directory. */
    static Path home() {
        String home = System.getProperty("medtl.home");
        return home == null ? Paths.get("").toAbsolutePath() : Paths.get(home);
    }
}
