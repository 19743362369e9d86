package org.medtl.core.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The run's CSV files; floats are written with enough digits to read back exactly. */
final class OutputTables {

    private OutputTables() {
    }

    /** {@code id,fold,label,p_0..p_{C-1},predicted,model} (the agreement capability reads the first columns). */
    static void writePredictions(Path file, int classes, List<FineTuneResult.Prediction> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,fold,label");
            for (int c = 0; c < classes; c++) {
                w.write(",p_" + c);
            }
            w.write(",predicted,model\n");
            for (FineTuneResult.Prediction p : rows) {
                w.write(quote(p.id()) + "," + quote(p.fold()) + "," + p.label());
                for (float v : p.probabilities()) {
                    w.write("," + v);
                }
                w.write("," + p.predicted() + "," + quote(p.modelId()) + "\n");
            }
        }
    }

    static void writeHistory(Path file, List<EpochRecord> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("fold,stage,epoch,train_loss,val_loss,val_auc,val_accuracy,lr,seconds,device\n");
            for (EpochRecord r : rows) {
                w.write(String.join(",", quote(r.fold()), r.stage(), String.valueOf(r.epoch()), num(r.trainLoss()), num(r.valLoss()),
                        num(r.valAuc()), num(r.valAccuracy()), num(r.learningRate()), String.format(Locale.ROOT, "%.3f", r.seconds()),
                        quote(r.device())) + "\n");
            }
        }
    }

    static void writeMetrics(Path file, String averaging, List<FineTuneResult.FoldResult> folds) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("fold,auc,auc_average,accuracy,test_images,best_epochs,model\n");
            for (FineTuneResult.FoldResult f : folds) {
                w.write(String.join(",", quote(f.fold()), num(f.auc()), averaging, num(f.accuracy()), String.valueOf(f.testImages()),
                        quote(f.bestEpochs().toString().replace(", ", " ").replace("[", "").replace("]", "")), quote(f.modelId()))
                        + "\n");
            }
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "";
    }

    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
