package org.medtl.core.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

import org.medtl.core.study.StudyWorkflows;

/** {@code ./medtl workflows}: regenerates the shipped workflows from the nodes' settings records. */
final class WorkflowsCommand implements Command {

    @Override
    public String name() {
        return "workflows";
    }

    @Override
    public String summary() {
        return "regenerate test-workflows/ (quick-study, revisiting-study, one per node) from the settings records";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl workflows [DIR]

                Writes the quick study, the full study and the per-node workflows into DIR (default: test-workflows/
                of this checkout), replacing those workflow folders. The test suite checks that the committed
                workflows are exactly what this writes.""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allow(Set.of());
        if (args.positionals().size() > 1) {
            throw new Args.UsageException("give at most one folder DIR, got " + args.positionals().size());
        }
        Path dir = args.positionals().isEmpty() ? RunCommand.home().resolve("test-workflows") : Paths.get(args.positionals().get(0));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Args.UsageException(dir + " is a file, not a folder; give the folder the workflows are written into");
        }
        StudyWorkflows.writeAll(dir);
        out.println("workflows written under " + dir.toAbsolutePath());
        return 0;
    }
}
