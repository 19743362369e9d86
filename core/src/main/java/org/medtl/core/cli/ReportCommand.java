package org.medtl.core.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

import org.medtl.core.study.StudyRun;

/** {@code ./medtl report}: one report from several runs of a study (e.g. one cluster job per dataset). */
final class ReportCommand implements Command {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "merge the outputs of several './medtl run' jobs into one report";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl report RUN_DIR... --out DIR

                Reads the outputs of finished './medtl run' jobs (each keeps the workflow it ran in RUN_DIR/workflow)
                and writes one report.html with all their AUCs, similarities, agreements and training curves.""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allow(Set.of("out"));
        if (args.positionals().isEmpty()) {
            throw new Args.UsageException("give at least one run folder");
        }
        List<Path> runs = args.positionals().stream().map(Paths::get).toList();
        Path report = StudyRun.report(runs, Paths.get(args.require("out")));
        out.println("report: " + report.toAbsolutePath());
        return 0;
    }
}
