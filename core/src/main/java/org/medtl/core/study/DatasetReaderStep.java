package org.medtl.core.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.medtl.core.config.Config;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.dataset.Dataset;
import org.medtl.core.dataset.DatasetReader;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Problems;
import org.medtl.core.dataset.Split;
import org.medtl.core.dataset.SplitClasses;

/** Medical Dataset Reader, headless: dataset (manifest), problems and class balance tables. */
final class DatasetReaderStep implements StudyNode, ReportContributor {

    static final String FACTORY = "org.medtl.knime.dataset.MedicalDatasetReaderNodeFactory";

    @Override
    public String factory() {
        return FACTORY;
    }

    @Override
    public List<PortKind> inputs() {
        return List.of();
    }

    @Override
    public List<PortKind> outputs() {
        return List.of(PortKind.TABLE, PortKind.TABLE, PortKind.TABLE);
    }

    @Override
    public void validate(Config settings) throws InvalidConfigException {
        DatasetSettings.fromConfig(settings);
    }

    @Override
    public List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception {
        Dataset dataset = DatasetReader.read(DatasetSettings.fromConfig(settings), Steps.progress(progress));
        Path manifest = outDir.resolve("port_1-dataset.csv");
        dataset.manifest().write(manifest);
        Path problems = outDir.resolve("port_2-problems.csv");
        Problems.write(problems, dataset.problems(), dataset.excluded());
        Path balance = outDir.resolve("port_3-class-balance.csv");
        Steps.writeCsv(balance, List.of("fold", "split", "label", "label_index", "count"), balanceRows(dataset.manifest()));
        if (dataset.imageCache() != null && dataset.imageCache().ready()) {
            progress.progress(-1, dataset.imageCache().message());
        }
        for (String w : dataset.imageCacheWarnings()) {
            progress.progress(-1, "warning: " + w);
        }
        for (String w : SplitClasses.warnings(dataset.manifest())) {
            progress.progress(-1, "warning: " + w);
        }
        return List.of(new PortData(PortKind.TABLE, manifest), new PortData(PortKind.TABLE, problems), new PortData(PortKind.TABLE, balance));
    }

    static List<List<String>> balanceRows(Manifest manifest) {
        int[][][] counts = manifest.balance();
        List<List<String>> rows = new ArrayList<>();
        for (int f = 0; f < manifest.foldCount(); f++) {
            for (Split split : Split.values()) {
                for (int c = 0; c < manifest.classes().size(); c++) {
                    rows.add(List.of(Manifest.FOLD_PREFIX + f, split.key(), manifest.classes().get(c), String.valueOf(c),
                            String.valueOf(counts[f][split.ordinal()][c])));
                }
            }
        }
        return rows;
    }

    @Override
    public void contribute(String node, Config settings, Map<String, String> labels, List<PortData> outputs, StudyResults.Collector results)
            throws Exception {
        // Synthetic presets are marked so that the report can never be mistaken for a medical result.
        if (DatasetSettings.fromConfig(settings).preset().startsWith("synthetic-")) {
            results.markSynthetic();
        }
        SplitClasses.warnings(Manifest.read(outputs.get(0).path())).forEach(w -> results.warning(node, w));
    }
}
