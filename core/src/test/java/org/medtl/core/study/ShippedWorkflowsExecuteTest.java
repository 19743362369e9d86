package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.io.Csv;

/**
 * Every per-node workflow of {@code test-workflows/} executes end to end as {@code ./medtl run} executes it
 * (the committed files, not a regenerated copy), at the workflows' own small scale. The quick study runs at
 * the suite's scale in {@link QuickStudyEndToEndTest}, the full study on the miniature releases in
 * {@code RevisitingStudyHeadlessTest} (tag heavy).
 */
class ShippedWorkflowsExecuteTest {

    private static Path run(String workflow, Map<String, String> vars, Path out) throws Exception {
        StudyRun.run(Workflow.read(TestWorkflowsTest.workflowsRoot().resolve(workflow)), vars, out, (f, m) -> { });
        return out;
    }

    /** The fold columns ({@code fold_0}, {@code fold_1}, ...) of the reader's manifest. */
    private static Set<String> foldColumns(Path manifest) throws Exception {
        Set<String> folds = new TreeSet<>();
        for (String column : Csv.readTable(manifest).get(0).keySet()) {
            if (column.matches("fold_\\d+")) {
                folds.add(column);
            }
        }
        return folds;
    }

    @Test
    void datasetReaderRunsAndItsFoldsSettingFollowsTheWorkflowVariable(@TempDir Path tmp) throws Exception {
        Path manifest = Path.of("Medical Dataset Reader (#1)", "port_1-dataset.csv");
        Path byDefault = run("node-dataset-reader", Map.of(), tmp.resolve("default"));
        assertEquals(40, Csv.readTable(byDefault.resolve(manifest)).size(), "n=40 from the dataset_source variable's default");
        assertEquals(Set.of("fold_0", "fold_1"), foldColumns(byDefault.resolve(manifest)), "n_folds defaults to 2");

        // As KNIME's batch executor with -workflow.variable=n_folds,3,int: the variable, not the setting (2), decides.
        Path three = run("node-dataset-reader", Map.of("n_folds", "3", "dataset_source", "n=30,size=32"), tmp.resolve("three"));
        assertEquals(Set.of("fold_0", "fold_1", "fold_2"), foldColumns(three.resolve(manifest)));
        assertEquals(30, Csv.readTable(three.resolve(manifest)).size());
    }

    @Test
    void pretrainedBackboneRuns(@TempDir Path tmp) throws Exception {
        Path out = run("node-pretrained-backbone", Map.of(), tmp.resolve("out"));
        Path model = out.resolve("Pretrained Backbone (#1)").resolve("port_1-model");
        assertTrue(Files.isRegularFile(model.resolve("model.json")) && Files.size(model.resolve("weights.bin")) > 1_000_000,
                "a ResNet-18 model folder with its weights");
    }

    @Test
    void gpuFineTunerRunsEveryFold(@TempDir Path tmp) throws Exception {
        Path out = run("node-gpu-fine-tuner", Map.of(), tmp.resolve("out"));
        List<Map<String, String>> metrics = Csv.readTable(out.resolve("GPU Fine-Tuner (#3)").resolve("port_1-model").resolve("metrics.csv"));
        assertEquals(List.of("0", "1"), metrics.stream().map(r -> r.get("fold")).toList(), "both folds of the reader are trained");
        for (Map<String, String> r : metrics) {
            double auc = Double.parseDouble(r.get("auc"));
            assertTrue(auc >= 0 && auc <= 1, r.toString());
            Path foldModel = out.resolve("GPU Fine-Tuner (#3)").resolve("port_1-model").resolve("models").resolve("fold_" + r.get("fold"));
            assertTrue(Files.isRegularFile(foldModel.resolve("model.json")), "a model folder per fold: " + foldModel);
        }
    }

    @Test
    void activationsAndCcaRunOnEveryLayerAndCcaChannelsFollowTheWorkflowVariable(@TempDir Path tmp) throws Exception {
        Path out = run("node-activations-and-cca", Map.of(), tmp.resolve("out"));
        List<Map<String, String>> rows = Csv.readTable(out.resolve("CCA Comparator (#6)").resolve("port_1-similarity.csv"));
        Set<String> layers = new TreeSet<>();
        for (Map<String, String> r : rows) {
            layers.add(r.get("layer"));
            assertEquals("16", r.get("channels_a"), "cca_channels defaults to 16: " + r);
            assertTrue(Integer.parseInt(r.get("data_points")) > 16, "more data points than channels: " + r);
            double mean = Double.parseDouble(r.get("mean"));
            assertTrue(mean > 0 && mean < 1, "two different random networks: " + r);
        }
        assertTrue(layers.containsAll(Set.of("layer3", "layer4")), "the deep layers, where data points are fewest, are compared: " + layers);

        // The same workflow with the paper's 64 channels has too few data points at layer4 (one position per
        // image at 32 px): the variable reaches the node, and the node says which setting to change.
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> run("node-activations-and-cca", Map.of("cca_channels", "64"), tmp.resolve("out64")));
        assertTrue(e.getMessage().contains("layer4") && e.getMessage().contains("'channels' below"), e.getMessage());
    }
}
