package org.medtl.core.cli;

import java.io.PrintStream;

/** One {@code ./medtl} subcommand. Implementations call the same core entry points as the KNIME nodes. */
public interface Command {

    /** Name typed after {@code ./medtl}. */
    String name();

    /** One line for {@code ./medtl --help}. */
    String summary();

    /** Full usage text for {@code ./medtl NAME --help}. */
    String usage();

    /**
     * Runs the command.
     *
     * @return the process exit code: 0 success, 2 bad arguments, 1 any other failure
     */
    int run(Args args, PrintStream out, PrintStream err) throws Exception;

    /**
     * Starts slow one-off preparation (loading a native library) in the background before the arguments are
     * checked, so that it overlaps with the JVM's own start-up; {@code ./medtl} calls it once, first thing.
     */
    default void startPreparing() {
    }
}
