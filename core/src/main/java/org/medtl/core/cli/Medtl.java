package org.medtl.core.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of {@code ./medtl}. */
public final class Medtl {

    private Medtl() {
    }

    /** Every subcommand, in the order {@code --help} lists them. Each issue adds its own line. */
    static List<Command> commands() {
        return List.of(
                new DoctorCommand(),
                new RunCommand(),
                new WorkflowsCommand(),
                new ReportCommand(),
                new SimilarityCommand(),
                new AgreementCommand(),
                new CompareActivationsCommand(),
                new BenchSimilarityCommand(),
                new DatasetCommand(),
                new InspectCommand(),
                new BackboneCommand(),
                new ActivationsCommand(),
                new BenchDatasetCommand(),
                new BenchModelCommand(),
                new FinetuneCommand(),
                new BenchTrainingCommand());
    }

    public static void main(String[] argv) {
        for (Command c : commands()) {
            if (argv.length > 0 && c.name().equals(argv[0])) {
                c.startPreparing();
            }
        }
        Interruption interruption = Interruption.install(argv.length == 0 ? null : argv[0], System.err);
        int code = run(argv, System.out, System.err);
        interruption.commandEnded(Interruption.requested());
        System.exit(code);
    }

    /** Runs a command line and returns the exit code (testable without exiting the JVM). */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command c : commands()) {
            byName.put(c.name(), c);
        }
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            out.println("MedTL: transfer learning for medical imaging (the KNIME nodes' engine, from the command line)");
            out.println();
            out.println("usage: ./medtl COMMAND [options]      ./medtl COMMAND --help for its options");
            out.println();
            for (Command c : byName.values()) {
                out.printf("  %-12s %s%n", c.name(), c.summary());
            }
            return argv.length == 0 ? 2 : 0;
        }
        Command command = byName.get(argv[0]);
        if (command == null) {
            err.println("medtl: unknown command '" + argv[0] + "'. Known: " + String.join(", ", byName.keySet()));
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        if (Arrays.asList(rest).contains("--help")) {
            out.println(command.usage());
            return 0;
        }
        try {
            return command.run(ArgsHolder.parse(command, rest), out, err);
        } catch (Args.UsageException e) {
            err.println("medtl " + command.name() + ": " + e.getMessage());
            err.println();
            err.println(command.usage());
            return 2;
        } catch (Exception e) {
            if (Interruption.requested()) {
                // The signal caused this failure; what it removed and what stays is said by the interruption itself.
                err.println("medtl " + command.name() + ": stopped before it finished (interrupted).");
                return 1;
            }
            err.println("medtl " + command.name() + ": " + describe(e));
            if (System.getenv("MEDTL_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    static String describe(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return fileSystem(f);
        }
        String message = e.getMessage();
        if (message == null || message.isBlank() || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException || e instanceof ArithmeticException) {
            // A programming error's text ("Cannot invoke ... because ... is null") tells a user nothing they can act on.
            return "MedTL could not handle this input (an internal error, not a message written for you). Run the command again with"
                    + " MEDTL_DEBUG=1 to see where it failed, and report that output.";
        }
        return message;
    }

    /**
     * A file-system failure the command did not explain itself, in plain words. A hidden temporary file or
     * folder (".NAME.tmp...") is named by the folder it was written in, which is what the user chose.
     */
    private static String fileSystem(java.nio.file.FileSystemException f) {
        java.nio.file.Path file = java.nio.file.Path.of(f.getFile());
        java.nio.file.Path chosen = null;
        for (java.nio.file.Path p = file; p != null && p.getFileName() != null; p = p.getParent()) {
            String name = p.getFileName().toString();
            if (name.startsWith(".") && name.contains(".tmp") && p.getParent() != null) {
                chosen = p.getParent();
            }
        }
        boolean temporary = chosen != null;
        String where = temporary ? "in " + chosen : file.toString();
        String reason = f.getReason() == null ? "" : f.getReason();
        if (f instanceof java.nio.file.NoSuchFileException) {
            return file + " does not exist; check the path.";
        }
        if (f instanceof java.nio.file.FileAlreadyExistsException && java.nio.file.Files.isRegularFile(file)) {
            // Creating a folder where a file is: the JDK names the file and nothing else.
            return file + " is a file, so no folder can be made there; choose another output location.";
        }
        if (reason.contains("Not a directory")) {
            return "cannot use " + where + ": part of that path is a file, not a folder; choose another location.";
        }
        if (reason.contains("Operation not permitted")) {
            return "cannot " + (temporary ? "write " : "use ") + where + ": the system does not permit it. Choose a location you may write to.";
        }
        if (f instanceof java.nio.file.AccessDeniedException) {
            return "cannot " + (temporary ? "write " : "use ") + where + ": no permission. Choose a location you may write to, or ask for access.";
        }
        if (reason.contains("Read-only file system")) {
            return "cannot write " + where + ": the file system is read-only. Choose an output folder on a writable disk.";
        }
        if (reason.contains("Is a directory")) {
            return file + " is a folder where a file was expected.";
        }
        if (reason.contains("No space left")) {
            return "cannot write " + where + ": the disk is full. Free space or choose another output folder.";
        }
        return "cannot use " + where + (reason.isEmpty() ? "" : ": " + reason.toLowerCase(java.util.Locale.ROOT)) + ".";
    }

    /** Commands that take flags say so through {@link FlagOptions}. */
    private static final class ArgsHolder {
        static Args parse(Command command, String[] rest) {
            return Args.parse(rest, command instanceof FlagOptions f ? f.flags() : java.util.Set.of());
        }
    }
}
