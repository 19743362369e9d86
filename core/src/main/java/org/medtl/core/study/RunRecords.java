package org.medtl.core.study;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.medtl.core.config.MapConfig;
import org.medtl.core.io.AtomicFiles;

/**
 * What a run folder records so that a failed or interrupted run can be reported and resumed: per executed node
 * a fingerprint of what its outputs were made from (its settings, the files its settings name, and the
 * executions of the nodes feeding it) and an id of that execution; per run the state every node ended in.
 * A node's earlier outputs are reused only when its fingerprint is unchanged; a re-executed node gets a new
 * execution id, which changes the fingerprints of everything downstream, so those re-execute too.
 */
final class RunRecords {

    /** Per node folder: {@code fingerprint} and {@code execution}, written before {@code outputs.tsv} publishes the node. */
    static final String EXECUTION_FILE = "execution.properties";
    /** Per run folder: the run's state and every node's outcome. */
    static final String STATUS_FILE = "run-status.properties";

    /** How a node's earlier execution in this run folder was recorded. */
    record Execution(String fingerprint, String id) {
    }

    private RunRecords() {
    }

    /**
     * The fingerprint of executing {@code node} with {@code settings} on inputs from the given upstream executions
     * ({@code "port=executionId:sourcePort"}, one per connected input port).
     */
    static String fingerprint(Workflow.Node node, MapConfig settings, List<String> inputs) throws IOException {
        MessageDigest digest = sha256();
        StringBuilder sb = new StringBuilder();
        sb.append("factory ").append(node.factory()).append('\n');
        Map<String, Object> sorted = new TreeMap<>(settings.asMap());
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            sb.append("setting ").append(e.getKey()).append('=').append(e.getValue()).append('\n');
            values(e.getValue()).forEach(v -> sb.append(fileStamp(v)));
        }
        inputs.forEach(i -> sb.append("input ").append(i).append('\n'));
        digest.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<String> values(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    /**
     * For a setting that names an existing file or folder (weights, a dataset's source): its size and
     * modification time, and for a folder those of every file in it, so that changed input files re-execute the
     * node although its settings are the same. Metadata only: reading the contents of an image folder again
     * would cost as much as the node itself.
     */
    private static String fileStamp(String value) {
        if (value.isBlank() || value.contains("\n")) {
            return "";
        }
        Path p;
        try {
            p = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return "";
        }
        if (!Files.exists(p)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    sb.append("file ").append(p.relativize(f)).append(' ').append(a.size()).append(' ').append(a.lastModifiedTime().toMillis())
                            .append('\n');
                }
            }
        } catch (IOException e) {
            // An unreadable input makes the node fail when it runs; here it only means the fingerprint cannot match.
            sb.append("unreadable ").append(p).append(' ').append(System.nanoTime()).append('\n');
        }
        return sb.toString();
    }

    /** The execution recorded in a node folder, or null when the node did not finish there. */
    static Execution readExecution(Path nodeDir) throws IOException {
        Path file = nodeDir.resolve(EXECUTION_FILE);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(nodeDir.resolve(WorkflowRunner.OUTPUTS_FILE))) {
            return null;
        }
        Properties p = load(file);
        String fingerprint = p.getProperty("fingerprint");
        String id = p.getProperty("execution");
        return fingerprint == null || id == null ? null : new Execution(fingerprint, id);
    }

    static void writeExecution(Path nodeDir, Execution e) throws IOException {
        Properties p = new Properties();
        p.setProperty("fingerprint", e.fingerprint());
        p.setProperty("execution", e.id());
        store(nodeDir.resolve(EXECUTION_FILE), p, "what this node's outputs were made from (see docs/knime-behaviour.md, resuming a run)");
    }

    /** A node that did not execute in a run: its label, state and why. */
    record Incomplete(String node, WorkflowRunner.NodeState state, String reason) {
    }

    /** Writes the run's state: {@code complete}, {@code failed} or {@code canceled}, with every node that did not execute. */
    static void writeStatus(Path runDir, WorkflowRunner.Result result) throws IOException {
        Properties p = new Properties();
        boolean canceled = result.outcomes().values().stream().anyMatch(o -> o.state() == WorkflowRunner.NodeState.CANCELED);
        boolean failed = result.outcomes().values().stream().anyMatch(o -> o.state() != WorkflowRunner.NodeState.EXECUTED);
        p.setProperty("status", canceled ? "canceled" : failed ? "failed" : "complete");
        int i = 0;
        for (Map.Entry<Integer, WorkflowRunner.NodeOutcome> e : result.outcomes().entrySet()) {
            if (e.getValue().state() == WorkflowRunner.NodeState.EXECUTED) {
                continue;
            }
            i++;
            p.setProperty("node." + i + ".label", WorkflowRunner.label(result.workflow().node(e.getKey())));
            p.setProperty("node." + i + ".state", e.getValue().state().name());
            p.setProperty("node." + i + ".reason", e.getValue().reason() == null ? "" : e.getValue().reason());
        }
        store(runDir.resolve(STATUS_FILE), p, "the state of this run; ./medtl run --resume continues it");
    }

    /** The nodes a run recorded as not executed (empty for a complete run or one written before this record existed). */
    static List<Incomplete> readStatus(Path runDir) throws IOException {
        Path file = runDir.resolve(STATUS_FILE);
        List<Incomplete> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Properties p = load(file);
        for (int i = 1; p.getProperty("node." + i + ".label") != null; i++) {
            out.add(new Incomplete(p.getProperty("node." + i + ".label"), WorkflowRunner.NodeState.valueOf(p.getProperty("node." + i + ".state")),
                    p.getProperty("node." + i + ".reason", "")));
        }
        return out;
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static void store(Path file, Properties p, String comment) throws IOException {
        StringWriter w = new StringWriter();
        p.store(w, comment);
        byte[] bytes = w.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
