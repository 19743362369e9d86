package org.medtl.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.study.NodeSpecs;

/** The GPU Fine-Tuner's configure-time table specs name exactly the columns the fine-tuning writes. */
class OutputTablesSpecTest {

    private static List<String> header(Path csv) throws Exception {
        return Arrays.asList(Files.readAllLines(csv, StandardCharsets.UTF_8).get(0).split(","));
    }

    @Test
    void configuredColumnsAreTheWrittenColumns(@TempDir Path tmp) throws Exception {
        for (int classes : new int[] {2, 5}) {
            Path predictions = tmp.resolve("predictions-" + classes + ".csv");
            OutputTables.writePredictions(predictions, classes, List.of());
            assertEquals(NodeSpecs.predictions(classes).columnNames(), header(predictions));
        }
        Path history = tmp.resolve("history.csv");
        OutputTables.writeHistory(history, List.of());
        assertEquals(NodeSpecs.history().columnNames(), header(history));
        Path metrics = tmp.resolve("metrics.csv");
        OutputTables.writeMetrics(metrics, "macro", List.of());
        assertEquals(NodeSpecs.metrics().columnNames(), header(metrics));
    }
}
