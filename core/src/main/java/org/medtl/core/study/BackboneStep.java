package org.medtl.core.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.medtl.core.config.Config;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.model.Backbones;
import org.medtl.core.model.ModelDescription;

/**
 * Pretrained Backbone, headless. Its optional input port takes a MedTL model (for instance a GPU
 * Fine-Tuner trained on a source task): when connected, that model's backbone is the weight source.
 */
final class BackboneStep implements StudyNode, ReportContributor {

    static final String FACTORY = "org.medtl.knime.backbone.PretrainedBackboneNodeFactory";

    @Override
    public String factory() {
        return FACTORY;
    }

    @Override
    public List<PortKind> inputs() {
        return List.of(PortKind.MODEL);
    }

    @Override
    public Set<Integer> optionalInputs() {
        return Set.of(1);
    }

    @Override
    public List<PortKind> outputs() {
        return List.of(PortKind.MODEL);
    }

    @Override
    public void validate(Config settings) throws InvalidConfigException {
        BackboneSettings.fromConfig(settings);
    }

    /** The settings, with the input model as weight source when the optional port is connected. */
    static BackboneSettings settings(Config config, List<PortData> inputs) throws InvalidConfigException {
        BackboneSettings s = BackboneSettings.fromConfig(config);
        return inputs.get(0) == null ? s : s.withModelSource(inputs.get(0).path());
    }

    @Override
    public List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception {
        Path folder = outDir.resolve("port_1-model");
        progress.progress(0.1, "building the backbone");
        Backbones.save(settings(settings, inputs), folder);
        return List.of(new PortData(PortKind.MODEL, folder));
    }

    @Override
    public void contribute(String node, Config settings, Map<String, String> labels, List<PortData> outputs, StudyResults.Collector results)
            throws Exception {
        ModelDescription d = org.medtl.core.model.ModelFolder.readDescription(outputs.get(0).path());
        results.provenance(node + (labels.containsKey("init") ? " — " + labels.get("init") : ""), Provenances.describe(d));
        String source = PaperPairs.pretrainingSource(labels.getOrDefault("init", ""));
        if (source != null) {
            results.add(new StudyResults.Filters("", source, outputs.get(0).path()));
        }
    }
}
