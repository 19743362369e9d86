package org.medtl.core.study;

import java.nio.file.Path;
import java.util.List;

import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.FoldedExtraction;
import org.medtl.core.config.Config;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.dataset.Manifest;

/** Activation Extractor, headless: model on port 1, dataset on port 2, one activation set (per fold) out. */
final class ActivationExtractorStep implements StudyNode {

    static final String FACTORY = "org.medtl.knime.activations.ActivationExtractorNodeFactory";

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
        return List.of(PortKind.ACTIVATIONS);
    }

    @Override
    public void validate(Config settings) throws InvalidConfigException {
        ExtractionSettings.fromConfig(settings);
    }

    @Override
    public List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception {
        Path out = outDir.resolve("port_1-activations");
        FoldedExtraction.extract(inputs.get(0).path(), Manifest.read(inputs.get(1).path()), ExtractionSettings.fromConfig(settings), out,
                Steps.progress(progress));
        return List.of(new PortData(PortKind.ACTIVATIONS, out));
    }
}
