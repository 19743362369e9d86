package org.medtl.core.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.medtl.core.config.Config;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.io.Csv;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.training.FineTuneResult;
import org.medtl.core.training.FineTuneSettings;
import org.medtl.core.training.FineTuner;

/**
 * GPU Fine-Tuner, headless: the backbone comes from input port 1 (a model folder), the dataset from port 2.
 * Outputs: the fine-tuning output (fold models), predictions, history and metrics tables.
 */
final class FineTunerStep implements StudyNode, ReportContributor {

    static final String FACTORY = "org.medtl.knime.finetune.GpuFineTunerNodeFactory";

    @Override
    public String factory() {
        return FACTORY;
    }

    @Override
    public List<PortKind> inputs() {
        return List.of(PortKind.MODEL, PortKind.TABLE);
    }

    @Override
    public List<PortKind> outputs() {
        return List.of(PortKind.MODEL, PortKind.TABLE, PortKind.TABLE, PortKind.TABLE);
    }

    @Override
    public void validate(Config settings) throws InvalidConfigException {
        FineTuneSettings.fromConfig(settings);
    }

    @Override
    public List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception {
        // The backbone port decides architecture, weights and (unless set) preprocessing, as in the KNIME node.
        FineTuneSettings s = FineTuneSettings.fromConfig(settings).withBackbone(inputs.get(0).path());
        Path output = outDir.resolve("port_1-model");
        RunProgress p = progress;
        FineTuneResult r = FineTuner.run(s, inputs.get(1).path(), output, tp -> p.progress(tp.fraction(), tp.message()), () -> {
            try {
                p.checkCanceled();
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        });
        for (String w : r.warnings()) {
            p.progress(-1, "warning: " + w);
        }
        return List.of(new PortData(PortKind.MODEL, r.output()), new PortData(PortKind.TABLE, r.output().resolve(FineTuneResult.PREDICTIONS)),
                new PortData(PortKind.TABLE, r.output().resolve(FineTuneResult.HISTORY)),
                new PortData(PortKind.TABLE, r.output().resolve(FineTuneResult.METRICS)));
    }

    @Override
    public void contribute(String node, Config settings, Map<String, String> labels, List<PortData> outputs, StudyResults.Collector results)
            throws Exception {
        if (labels.getOrDefault("report", "true").equals("false")) {
            return; // e.g. pretraining on a source task: not a result of the study
        }
        Path warnings = outputs.get(0).path().resolve(FineTuneResult.WARNINGS);
        if (java.nio.file.Files.exists(warnings)) {
            java.nio.file.Files.readAllLines(warnings).forEach(w -> results.warning(node, w));
        }
        String dataset = Steps.label(labels, "dataset", node);
        String init = Steps.label(labels, "init", node);
        FineTuneSettings tuned = FineTuneSettings.fromConfig(settings);
        String mode = labels.getOrDefault("mode", tuned.mode().toString());
        for (Map<String, String> m : Csv.readTable(outputs.get(3).path())) {
            results.add(new StudyResults.Auc(dataset, init, mode, Integer.parseInt(m.get("fold")), Steps.parse(m.get("auc")), m.get("auc_average"),
                    tuned.seed()));
        }
        // The seed names the run: a study may train one initialisation with several seeds (the quick study does).
        String run = dataset + " " + init + " " + mode + " seed " + tuned.seed();
        for (Map<String, String> h : Csv.readTable(outputs.get(2).path())) {
            results.add(new StudyResults.History(run, Integer.parseInt(h.get("fold")), h.get("stage"),
                    Integer.parseInt(h.get("epoch")), Steps.parse(h.get("train_loss")), Steps.parse(h.get("val_loss")), Steps.parse(h.get("val_auc"))));
        }
        Map<String, Path> models = ModelFolder.byFold(outputs.get(0).path());
        Path first = models.values().iterator().next();
        String source = PaperPairs.pretrainingSource(init);
        if (source != null && !mode.startsWith("freeze")) {
            results.add(new StudyResults.Filters(dataset, source + "-FT (fold " + models.keySet().iterator().next() + ")", outputs.get(0).path()));
        }
        results.provenance(node + " — " + dataset + ", " + init + ", " + mode + " (" + models.size() + " fold model(s); first shown)",
                Provenances.describe(ModelFolder.readDescription(first)));
    }
}
