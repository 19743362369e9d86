package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code ./medtl run} whose node fails keeps what executed, writes the workflow and a report marked incomplete
 * that names the failed node and why; {@code ./medtl report} accepts it; {@code --resume} and a rerun into the
 * same {@code --out} continue from the executed nodes, re-executing exactly the nodes whose settings or inputs
 * changed. As KNIME: executed nodes stay executed, a failed node shows its error, re-executing continues.
 */
class FailedRunTest {

    private static final String READER = "Medical Dataset Reader (#1)";
    private static final String BACKBONE = "Pretrained Backbone (#2)";
    private static final String FINE_TUNER = "GPU Fine-Tuner (#3)";

    private static void set(Path settings, String key, String type, String from, String to) throws Exception {
        String s = Files.readString(settings);
        String entry = "<entry key=\"" + key + "\" type=\"" + type + "\" value=\"" + from + "\"/>";
        assertTrue(s.contains(entry), "settings.xml has " + entry);
        Files.writeString(settings, s.replace(entry, "<entry key=\"" + key + "\" type=\"" + type + "\" value=\"" + to + "\"/>"));
    }

    private static String report(Path run) throws Exception {
        return Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    }

    private static String execution(Path run, String node) throws Exception {
        return Files.readString(run.resolve(node).resolve("execution.properties"));
    }

    @Test
    void aFailedRunIsReportedAndContinuesFromItsExecutedNodes(@TempDir Path tmp) throws Exception {
        Path wf = InterruptionTest.copyWorkflow("node-gpu-fine-tuner", tmp.resolve("wf"));
        Path backbone = wf.resolve("Pretrained Backbone (#2)").resolve("settings.xml");
        Path weights = tmp.resolve("weights").resolve("resnet18");
        set(backbone, "weightSource", "xstring", "random", "medtl-model");
        set(backbone, "weightsFile", "xstring", "", weights.toString());
        // One training stage on one fold keeps the test short; what is tested is the run, not the training.
        Path fineTuner = wf.resolve("GPU Fine_Tuner (#3)").resolve("settings.xml");
        set(fineTuner, "mode", "xstring", "freeze-then-finetune", "full");
        String allFolds = "<config key=\"folds\">\n            <entry key=\"array-size\" type=\"xint\" value=\"0\"/>";
        String settings = Files.readString(fineTuner);
        assertTrue(settings.contains(allFolds), settings);
        Files.writeString(fineTuner, settings.replace(allFolds, "<config key=\"folds\">\n            <entry key=\"array-size\" type=\"xint\" value=\"1\"/>"
                + "\n            <entry key=\"0\" type=\"xstring\" value=\"0\"/>"));
        Path out = tmp.resolve("runs").resolve("study");

        // 1. The weights are missing: the backbone fails, the fine-tuner is skipped, the reader's outputs stay.
        CommandLineRun failed = CommandLineRun.of("run", wf.toString(), "--threads", "1", "--out", out.toString());
        assertEquals(1, failed.code(), failed.err());
        assertTrue(failed.err().contains("node '" + BACKBONE + "' failed") && failed.err().contains(weights.toString()), failed.err());
        assertTrue(failed.err().contains("./medtl run --resume " + out), failed.err());
        assertTrue(Files.isRegularFile(out.resolve(READER).resolve("outputs.tsv")));
        assertFalse(Files.exists(out.resolve(BACKBONE)), "a failed node leaves no folder");
        assertFalse(Files.exists(out.resolve(FINE_TUNER)));
        assertTrue(Files.isRegularFile(out.resolve("workflow").resolve("workflow.knime")));
        assertEquals(List.of(), InterruptionTest.unfinished(tmp.resolve("runs")));
        String report = report(out);
        int banner = report.indexOf("INCOMPLETE RUN: nodes failed");
        assertTrue(banner > 0 && banner < report.indexOf("<h2>Test AUC"), "marked incomplete at the top");
        assertTrue(report.contains("<b>" + BACKBONE + "</b> failed: ") && report.contains(weights.toString()), report);
        assertTrue(report.contains("<b>" + FINE_TUNER + "</b> skipped: not executed because node '" + BACKBONE + "' failed"), report);

        // 2. ./medtl report accepts the failed run, and says it is incomplete.
        CommandLineRun merged = CommandLineRun.of("report", out.toString(), "--out", tmp.resolve("merged").toString());
        assertEquals(0, merged.code(), merged.err());
        assertTrue(report(tmp.resolve("merged")).contains("<b>" + BACKBONE + "</b> failed: "));

        // 3. With the weights in place, --resume continues: the reader is reused, the rest executes.
        String readerExecution = execution(out, READER);
        CommandLineRun made = CommandLineRun.of("backbone", "--arch", "torchvision-resnet18", "--random-seed", "5", "--size", "32",
                "--out", weights.toString());
        assertEquals(0, made.code(), made.err());
        CommandLineRun resumed = CommandLineRun.of("run", "--resume", out.toString(), "--threads", "1");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains(READER + ": reused the outputs of the earlier run"), resumed.err());
        assertTrue(resumed.err().contains(BACKBONE + ": executed") && resumed.err().contains(FINE_TUNER + ": executed"), resumed.err());
        assertEquals(readerExecution, execution(out, READER), "the reader's outputs are the earlier ones");
        assertTrue(Files.isRegularFile(out.resolve(FINE_TUNER).resolve("port_1-model").resolve("metrics.csv")));
        assertFalse(report(out).contains("INCOMPLETE RUN"));

        // 4. A rerun of the workflow into the same --out with one changed setting re-executes that node only
        //    (and what depends on it); its failure (no GPU here) is reported with the node's name and reason.
        set(fineTuner, "device", "xstring", "auto", "gpu:0");
        String backboneExecution = execution(out, BACKBONE);
        CommandLineRun changed = CommandLineRun.of("run", wf.toString(), "--threads", "1", "--out", out.toString());
        assertEquals(1, changed.code(), changed.err());
        assertTrue(changed.out().contains("continuing the earlier run"), changed.out());
        assertTrue(changed.err().contains(READER + ": reused") && changed.err().contains(BACKBONE + ": reused"), changed.err());
        assertEquals(backboneExecution, execution(out, BACKBONE));
        assertTrue(changed.err().contains("node '" + FINE_TUNER + "' failed") && changed.err().contains("gpu"), changed.err());
        assertTrue(report(out).contains("<b>" + FINE_TUNER + "</b> failed: "), "the report names the failed node");
        assertFalse(Files.exists(out.resolve(FINE_TUNER)), "the node's earlier outputs were made with other settings; they are gone");
        assertEquals(List.of(), InterruptionTest.unfinished(tmp.resolve("runs")));
    }

    @Test
    void aRunContinuesOnlyARunOfTheSameWorkflow(@TempDir Path tmp) throws Exception {
        Path reader = InterruptionTest.copyWorkflow("node-dataset-reader", tmp.resolve("reader"));
        Path out = tmp.resolve("out");
        assertEquals(0, CommandLineRun.of("run", reader.toString(), "--out", out.toString()).code());
        Path other = InterruptionTest.copyWorkflow("node-pretrained-backbone", tmp.resolve("other"));
        CommandLineRun refused = CommandLineRun.of("run", other.toString(), "--out", out.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("holds a run of another workflow"), refused.err());
        CommandLineRun bad = CommandLineRun.of("run", "--resume", tmp.resolve("reader").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("not the output folder of './medtl run'"), bad.err());
    }
}
