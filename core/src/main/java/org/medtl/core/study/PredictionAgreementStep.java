package org.medtl.core.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.medtl.core.agreement.AgreementResult;
import org.medtl.core.agreement.FoldAgreement;
import org.medtl.core.agreement.PredictionAgreement;
import org.medtl.core.agreement.Predictions;
import org.medtl.core.config.Config;
import org.medtl.core.io.Csv;

/** Prediction Agreement, headless: two predictions tables in, one agreement table (pooled, per fold, mean, std) out. */
final class PredictionAgreementStep implements StudyNode, ReportContributor {

    static final String FACTORY = "org.medtl.knime.agreement.PredictionAgreementNodeFactory";

    @Override
    public String factory() {
        return FACTORY;
    }

    @Override
    public List<PortKind> inputs() {
        return List.of(PortKind.TABLE, PortKind.TABLE);
    }

    @Override
    public List<PortKind> outputs() {
        return List.of(PortKind.TABLE);
    }

    @Override
    public void validate(Config settings) {
        // No settings: the metrics and their baselines are fixed by the study and by Geirhos et al.
    }

    @Override
    public List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception {
        AgreementResult r = PredictionAgreement.compare(Predictions.read(inputs.get(0).path()), Predictions.read(inputs.get(1).path()));
        List<String> metrics = new ArrayList<>(r.pooled().scalars().keySet());
        List<String> header = new ArrayList<>(List.of("scope", "fold", "n"));
        header.addAll(metrics);
        header.add("warnings");
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("pooled", r.pooled(), metrics));
        for (FoldAgreement f : r.perFold()) {
            rows.add(row("fold", f, metrics));
        }
        if (r.perFold().size() > 1) {
            rows.add(aggregate("mean over folds", r.foldMean(), metrics, r.perFold().size()));
            rows.add(aggregate("std over folds", r.foldStd(), metrics, r.perFold().size()));
        }
        Path csv = outDir.resolve("port_1-agreement.csv");
        Steps.writeCsv(csv, header, rows);
        return List.of(new PortData(PortKind.TABLE, csv));
    }

    private static List<String> row(String scope, FoldAgreement f, List<String> metrics) {
        List<String> row = new ArrayList<>(List.of(scope, f.fold() == null ? "" : f.fold(), String.valueOf(f.n())));
        Map<String, Double> s = f.scalars();
        metrics.forEach(m -> row.add(Steps.number(s.getOrDefault(m, Double.NaN))));
        row.add(String.join("; ", f.warnings()));
        return row;
    }

    private static List<String> aggregate(String scope, Map<String, Double> values, List<String> metrics, int folds) {
        List<String> row = new ArrayList<>(List.of(scope, "", String.valueOf(folds)));
        metrics.forEach(m -> row.add(Steps.number(values.getOrDefault(m, Double.NaN))));
        row.add("");
        return row;
    }

    @Override
    public void contribute(String node, Config settings, Map<String, String> labels, List<PortData> outputs, StudyResults.Collector results)
            throws Exception {
        String dataset = Steps.label(labels, "dataset", node);
        String pair = Steps.label(labels, "pair", node);
        for (Map<String, String> r : Csv.readTable(outputs.get(0).path())) {
            if (r.get("scope").equals("fold")) {
                results.add(new StudyResults.Agreement(dataset, pair, Integer.parseInt(r.get("fold")), Steps.parse(r.get("error_consistency_observed")),
                        Steps.parse(r.get("error_consistency_expected")), Steps.parse(r.get("error_consistency_expected_paper")),
                        Steps.parse(r.get("error_consistency_kappa"))));
            }
        }
    }
}
