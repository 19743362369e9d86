package org.medtl.core.study;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medtl.core.config.Config;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.dataset.DatasetReader;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.model.BackboneSettings;
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.similarity.FoldedComparison;
import org.medtl.core.agreement.FoldAgreement;
import org.medtl.core.study.PortSpec.Column;
import org.medtl.core.study.PortSpec.Type;

/**
 * Each node's {@code configure}: its output specs from its settings and its input specs, before anything executes.
 * The KNIME nodes return exactly these (mapped to KNIME's spec types) and build their output tables with the same
 * columns; {@link #configure} chains them over a workflow as KNIME does after loading it. A {@code null} input spec
 * means "not known" and is passed on as little as possible: only what truly depends on the data is left out.
 */
public final class NodeSpecs {

    /** Column property of the dataset table's {@code label} column: the classes in label_index order, one a line. */
    public static final String CLASSES_PROPERTY = "medtl.classes";

    /** The reader's problems table: samples left out and why. */
    public static final PortSpec PROBLEMS = PortSpec.table(PortSpec.columns(Type.STRING, "path", "reason", "status"));

    /** The reader's class balance table, one row per fold, split and class. */
    public static final PortSpec CLASS_BALANCE = PortSpec.table(List.of(new Column("fold", Type.STRING),
        new Column("split", Type.STRING), new Column("label", Type.STRING), new Column("label_index", Type.INT),
        new Column("count", Type.INT)));

    private NodeSpecs() {
    }

    /** Manifest table: docs/manifest.md's columns, {@code folds} fold columns, and the classes when known. */
    public static PortSpec dataset(int folds, List<String> classes) {
        List<Column> columns = new ArrayList<>();
        for (String name : Manifest.COLUMNS) {
            columns.add(new Column(name, name.equals("index") || name.equals("label_index") ? Type.INT : Type.STRING));
        }
        for (int f = 0; f < folds; f++) {
            columns.add(new Column(Manifest.FOLD_PREFIX + f, Type.STRING));
        }
        return PortSpec.dataset(columns, classes);
    }

    /**
     * Medical Dataset Reader: dataset, problems, class balance. The dataset spec is {@code null} when a split
     * column decides the folds (known only from the data).
     */
    public static List<PortSpec> datasetReader(DatasetSettings s) throws IOException, InvalidConfigException {
        PortSpec dataset = s.splitColumn().isBlank() ? dataset(s.folds(), DatasetReader.classesBeforeReading(s)) : null;
        List<PortSpec> out = new ArrayList<>();
        out.add(dataset);
        out.add(PROBLEMS);
        out.add(CLASS_BALANCE);
        return out;
    }

    /** Pretrained Backbone: the model's properties the settings fix; {@code fromModel} when a model is connected. */
    public static PortSpec backbone(BackboneSettings s, boolean fromModel) {
        Map<String, String> known = new LinkedHashMap<>();
        known.put("architecture", s.architecture());
        known.put("head", "none (backbone)");
        known.put("preprocessing", s.preprocessing());
        known.put("input size", s.inputSize() == 0 ? "native" : s.inputSize() + " px");
        known.put("weights", fromModel ? "the connected MedTL model" : s.source().key());
        return PortSpec.of(PortKind.MODEL, known);
    }

    /** Predictions table: {@code id,fold,label,p_0..p_{C-1},predicted,model}, as the fine-tuning writes it. */
    public static PortSpec predictions(int classes) {
        List<Column> columns = new ArrayList<>(PortSpec.columns(Type.STRING, "id", "fold"));
        columns.add(new Column("label", Type.INT));
        for (int k = 0; k < classes; k++) {
            columns.add(new Column("p_" + k, Type.DOUBLE));
        }
        columns.add(new Column("predicted", Type.INT));
        columns.add(new Column("model", Type.STRING));
        return PortSpec.table(columns);
    }

    /** The fine-tuning history table (history.csv's columns). */
    public static PortSpec history() {
        List<Column> columns = new ArrayList<>(PortSpec.columns(Type.STRING, "fold", "stage"));
        columns.add(new Column("epoch", Type.INT));
        columns.addAll(PortSpec.columns(Type.DOUBLE, "train_loss", "val_loss", "val_auc", "val_accuracy", "lr", "seconds"));
        columns.add(new Column("device", Type.STRING));
        return PortSpec.table(columns);
    }

    /** The fine-tuning metrics table, one row per fold (metrics.csv's columns). */
    public static PortSpec metrics() {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("fold", Type.STRING));
        columns.add(new Column("auc", Type.DOUBLE));
        columns.add(new Column("auc_average", Type.STRING));
        columns.add(new Column("accuracy", Type.DOUBLE));
        columns.add(new Column("test_images", Type.INT));
        columns.addAll(PortSpec.columns(Type.STRING, "best_epochs", "model"));
        return PortSpec.table(columns);
    }

    /**
     * GPU Fine-Tuner: model, predictions, history, metrics. The model carries the backbone's architecture,
     * preprocessing and input size and the dataset's classes; predictions need the classes (null if unknown).
     */
    public static List<PortSpec> fineTuner(PortSpec backbone, PortSpec dataset) {
        Map<String, String> known = new LinkedHashMap<>();
        List<String> classes = dataset == null ? List.of() : dataset.classes();
        if (dataset != null) {
            long folds = dataset.columnNames().stream().filter(n -> n.startsWith(Manifest.FOLD_PREFIX)).count();
            known.put("fine-tuned folds", folds == 0 ? "none (one model)" : String.valueOf(folds));
        }
        if (backbone != null) {
            for (String key : List.of("architecture", "preprocessing", "input size")) {
                if (backbone.properties().containsKey(key)) {
                    known.put(key, backbone.properties().get(key));
                }
            }
        }
        if (!classes.isEmpty()) {
            known.put("head", classes.size() + " classes");
            known.put("classes", String.join(", ", classes));
        }
        List<PortSpec> out = new ArrayList<>();
        out.add(PortSpec.of(PortKind.MODEL, known));
        out.add(classes.isEmpty() ? null : predictions(classes.size()));
        out.add(history());
        out.add(metrics());
        return out;
    }

    /** Activation Extractor: the layers and spatial mode of the settings, the folds of the dataset table. */
    public static PortSpec extractor(ExtractionSettings s, PortSpec model, PortSpec dataset) {
        Map<String, String> known = new LinkedHashMap<>();
        if (dataset != null) {
            long folds = dataset.columnNames().stream().filter(n -> n.startsWith(Manifest.FOLD_PREFIX)).count();
            known.put("folds", folds == 0 ? "none (one set)" : String.valueOf(folds));
        }
        if (model != null && model.properties().containsKey("architecture")) {
            known.put("architecture", model.properties().get("architecture"));
        }
        known.put("layers", String.join(", ", s.layers()));
        known.put("spatial", s.spatial().key());
        return PortSpec.of(PortKind.ACTIVATIONS, known);
    }

    /** CCA Comparator: the similarity table ({@link FoldedComparison#COLUMNS}) and the figure. */
    public static List<PortSpec> comparator() {
        Type[] types = {Type.STRING, Type.STRING, Type.STRING, Type.DOUBLE, Type.DOUBLE, Type.STRING, Type.INT,
            Type.INT, Type.INT, Type.STRING};
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < FoldedComparison.COLUMNS.size(); i++) {
            columns.add(new Column(FoldedComparison.COLUMNS.get(i), types[i]));
        }
        return List.of(PortSpec.table(columns), PortSpec.of(PortKind.IMAGE, Map.of()));
    }

    /**
     * Prediction Agreement: scope, fold, n, the metrics for {@code classes} classes (binary ones with DeLong's
     * intervals), the correctness counts and the warnings.
     */
    public static PortSpec agreement(int classes) {
        List<Column> columns = new ArrayList<>(PortSpec.columns(Type.STRING, "scope", "fold"));
        columns.add(new Column("n", Type.INT));
        for (String m : FoldAgreement.scalarNames(classes)) {
            columns.add(new Column(m, Type.DOUBLE));
        }
        if (classes == 2) {
            columns.addAll(PortSpec.columns(Type.DOUBLE, "delong_ci_a_low", "delong_ci_a_high", "delong_ci_b_low",
                "delong_ci_b_high"));
        }
        columns.addAll(PortSpec.columns(Type.INT, "both_correct", "only_a_correct", "only_b_correct", "both_wrong"));
        columns.add(new Column("warnings", Type.STRING));
        return PortSpec.table(columns);
    }

    /** The class count of a predictions table spec ({@code p_0..p_{C-1}}), or 0 when unknown. */
    public static int predictionClasses(List<String> columnNames) {
        int classes = 0;
        while (columnNames.contains("p_" + classes)) {
            classes++;
        }
        return classes;
    }

    /**
     * One node's configure, headless, by its factory (the node's settings under {@code model}); inputs by port
     * (index 0 = port 1), {@code null} where unknown or unconnected.
     */
    public static List<PortSpec> configure(String factory, Config settings, List<PortSpec> inputs)
        throws IOException, InvalidConfigException {
        return switch (factory) {
            case DatasetReaderStep.FACTORY -> datasetReader(DatasetSettings.fromConfig(settings));
            case BackboneStep.FACTORY -> List.of(backbone(BackboneSettings.fromConfig(settings), inputs.get(0) != null));
            case FineTunerStep.FACTORY -> fineTuner(inputs.get(0), inputs.get(1));
            case ActivationExtractorStep.FACTORY -> List.of(extractor(ExtractionSettings.fromConfig(settings), inputs.get(0), inputs.get(1)));
            case CcaComparatorStep.FACTORY -> {
                ComparisonSettings.fromConfig(settings);
                yield comparator();
            }
            case PredictionAgreementStep.FACTORY -> {
                int a = inputs.get(0) == null ? 0 : predictionClasses(inputs.get(0).columnNames());
                int b = inputs.get(1) == null ? 0 : predictionClasses(inputs.get(1).columnNames());
                yield List.of(a > 0 && a == b ? agreement(a) : null);
            }
            default -> throw new InvalidConfigException("Unknown node factory " + factory + ".");
        };
    }
}
