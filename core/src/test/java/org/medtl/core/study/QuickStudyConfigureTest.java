package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.agreement.FoldAgreement;
import org.medtl.core.agreement.PredictionAgreement;
import org.medtl.core.agreement.Predictions;
import org.medtl.core.dataset.Dataset;
import org.medtl.core.dataset.DatasetReader;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.runtime.Progress;

/**
 * KNIME configures every node of a freshly loaded workflow from its settings and its upstream nodes' configure-time
 * specs. Chained over the shipped quick study, every node gets every input spec it needs and returns every output
 * spec (issue #10: 14 of 26 nodes stayed unconfigured), and the specs equal what execution produces.
 */
class QuickStudyConfigureTest {

    private static Map<String, List<PortSpec>> configureAll(Workflow wf) throws Exception {
        Map<String, List<PortSpec>> byNode = new java.util.LinkedHashMap<>();
        Map<String, StudyNode> types = StudyNodes.byFactory();
        Map<Integer, WorkflowConfigure.Outcome> outcomes = WorkflowConfigure.configure(wf, wf.variables());
        for (Map.Entry<Integer, WorkflowConfigure.Outcome> e : outcomes.entrySet()) {
            Workflow.Node n = wf.node(e.getKey());
            WorkflowConfigure.Outcome o = e.getValue();
            assertEquals(WorkflowConfigure.State.CONFIGURED, o.state(), n.name() + " #" + n.id() + " stays unconfigured in KNIME: " + o.problem());
            List<PortSpec> out = o.outputs();
            assertEquals(types.get(n.factory()).outputs().size(), out.size(), n.name());
            for (int i = 0; i < out.size(); i++) {
                assertNotNull(out.get(i), n.name() + " #" + n.id() + " returns no spec for output port " + (i + 1));
                assertEquals(types.get(n.factory()).outputs().get(i), out.get(i).kind(), n.name() + " port " + (i + 1));
            }
            byNode.put(n.name() + " (#" + n.id() + ")", out);
        }
        return byNode;
    }

    @Test
    void everyNodeOfTheQuickStudyIsConfiguredBeforeExecution() throws Exception {
        Workflow wf = Workflow.read(TestWorkflowsTest.workflowsRoot().resolve("quick-study"));
        Map<String, List<PortSpec>> specs = configureAll(wf);
        assertEquals(29, specs.size(), "26 nodes plus the second seed's three fine-tuners");
        for (Map.Entry<String, List<PortSpec>> e : specs.entrySet()) {
            if (e.getKey().startsWith("GPU Fine-Tuner")) {
                PortSpec model = e.getValue().get(0);
                assertTrue(model.properties().containsKey("architecture"), e.getKey() + ": " + model.properties());
                assertTrue(model.properties().containsKey("classes"), e.getKey() + ": " + model.properties());
                int classes = model.properties().get("classes").split(", ").length;
                assertEquals(NodeSpecs.predictions(classes).columns(), e.getValue().get(1).columns(), e.getKey());
            }
            if (e.getKey().startsWith("Activation Extractor")) {
                assertTrue(e.getValue().get(0).properties().containsKey("layers"), e.getKey());
            }
        }
    }

    @Test
    void configuredDatasetSpecsEqualTheReadersOutput(@TempDir Path tmp) throws Exception {
        Workflow wf = Workflow.read(TestWorkflowsTest.workflowsRoot().resolve("quick-study"));
        for (Workflow.Node n : wf.nodes()) {
            if (!n.factory().equals(DatasetReaderStep.FACTORY)) {
                continue;
            }
            DatasetSettings s = DatasetSettings.fromConfig(n.model(wf.variables()));
            PortSpec configured = NodeSpecs.datasetReader(s).get(0);
            Dataset read = DatasetReader.read(s, Progress.NONE);
            assertEquals(read.manifest().classes(), configured.classes(), n.name());
            Path csv = tmp.resolve(n.id() + "-manifest.csv");
            read.manifest().write(csv);
            String header = Files.readAllLines(csv, StandardCharsets.UTF_8).get(0);
            assertEquals(Arrays.asList(header.split(",")), configured.columnNames(), n.name());
        }
    }

    @Test
    void configuredAgreementColumnsAreTheComputedMetrics() {
        for (int classes : new int[] {2, 3}) {
            FoldAgreement pooled = PredictionAgreement.compare(predictions("a", classes, 1), predictions("b", classes, 2)).pooled();
            List<String> configured = NodeSpecs.agreement(classes).columnNames();
            List<String> metrics = configured.subList(3, 3 + pooled.scalars().size());
            assertEquals(new ArrayList<>(pooled.scalars().keySet()), metrics, classes + " classes");
        }
    }

    private static Predictions predictions(String source, int classes, long seed) {
        Random random = new Random(seed);
        List<Predictions.Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double[] p = new double[classes];
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                p[k] = 0.1 + random.nextDouble();
                sum += p[k];
            }
            for (int k = 0; k < classes; k++) {
                p[k] /= sum;
            }
            rows.add(new Predictions.Row("s" + i, null, i % classes, p));
        }
        return new Predictions(source, classes, false, rows);
    }
}
