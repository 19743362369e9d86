package org.medtl.core.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.medtl.core.config.Config;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.similarity.FoldedComparison;

/** CCA Comparator, headless: two activation sets in, the similarity table out. */
final class CcaComparatorStep implements StudyNode, ReportContributor {

    static final String FACTORY = "org.medtl.knime.cca.CcaComparatorNodeFactory";

    @Override
    public String factory() {
        return FACTORY;
    }

    @Override
    public List<PortKind> inputs() {
        return List.of(PortKind.ACTIVATIONS, PortKind.ACTIVATIONS);
    }

    @Override
    public List<PortKind> outputs() {
        return List.of(PortKind.TABLE, PortKind.IMAGE);
    }

    @Override
    public void validate(Config settings) throws InvalidConfigException {
        ComparisonSettings.fromConfig(settings);
    }

    @Override
    public List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception {
        List<FoldedComparison.Row> rows = FoldedComparison.compare(inputs.get(0).path(), inputs.get(1).path(),
                ComparisonSettings.fromConfig(settings), Steps.progress(progress));
        Path csv = outDir.resolve("port_1-similarity.csv");
        FoldedComparison.writeCsv(rows, csv);
        // The image port's PNG, with the same figure as SVG beside it.
        Path png = org.medtl.core.figures.Figures.write(FoldedComparison.figure(rows), FoldedComparison.FIGURE_WIDTH,
                FoldedComparison.FIGURE_HEIGHT, outDir, "port_2-figure").png();
        return List.of(new PortData(PortKind.TABLE, csv), new PortData(PortKind.IMAGE, png));
    }

    @Override
    public void contribute(String node, Config settings, Map<String, String> labels, List<PortData> outputs, StudyResults.Collector results)
            throws Exception {
        String dataset = Steps.label(labels, "dataset", node);
        String pair = Steps.label(labels, "pair", node);
        List<Map<String, String>> rows = org.medtl.core.io.Csv.readTable(outputs.get(0).path());
        List<String> layerOrder = rows.stream().map(r -> r.get("layer")).distinct().toList();
        for (Map<String, String> r : rows) {
            String fold = r.get("fold");
            if (fold.equals(FoldedComparison.MEAN_OVER_FOLDS)) {
                continue; // the report aggregates the per-fold rows itself
            }
            results.add(new StudyResults.Cca(dataset, pair, r.get("layer"), layerOrder.indexOf(r.get("layer")),
                    fold.matches("\\d+") ? Integer.parseInt(fold) : 0, measureName(r.get("measure")), Steps.parse(r.get("mean")),
                    Steps.parse(r.get("std"))));
        }
    }

    private static String measureName(String key) {
        return key.equals("cca") ? "mean CCA" : key;
    }
}
