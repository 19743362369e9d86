package org.medtl.knime.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.dataset.FoldScheme;
import org.medtl.knime.base.SettingsDialog;

/** Dialog of the Medical Dataset Reader. */
final class MedicalDatasetReaderNodeDialog extends SettingsDialog {

    MedicalDatasetReaderNodeDialog() {
        super(MedicalDatasetReaderNodeModel.defaults()::toConfig);
        setDefaultTabTitle("Source");
        addString("source", "Dataset folder or file (.csv, .tsv, .npz, .npy, .h5)");
        addChoice("preset", "Study preset", DatasetSettings.PRESETS);
        addString("pathColumn", "Table sources: image path column");
        addString("labelColumn", "Table sources: label column");
        addString("groupColumn", "Table sources: patient/group column (empty = none)");
        addString("splitColumn", "Table sources: split column (empty = none)");
        addString("patientPattern", "Folder sources: patient id pattern (regular expression)");

        createNewTab("Folds");
        List<String> schemes = new ArrayList<>(List.of("auto"));
        schemes.addAll(Arrays.stream(FoldScheme.values()).map(FoldScheme::key).toList());
        addChoice("scheme", "Fold scheme", schemes);
        addNumber("folds", "Number of folds", 2, 100, 1);
        addNumber("seed", "Seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);

        createNewTab("Checks");
        addChoice("onProblem", "On unreadable samples", List.of("fail", "skip"));
        addFlag("verify", "Decode every sample once while reading");
        addNumber("threads", "Decoding threads (0 = one per processor)", 0, 256, 1);
        addNumber(DatasetSettings.KEY_IMAGE_CACHE_INPUT_SIZE,
            "Build the decoded-image cache at the fine-tuning input size (pixels; 0 = do not build)", 0, 8192, 1);

        createNewTab("Presets");
        addNumber("pcamSamples", "pcam-small: patches to sample", 1, 10_000_000, 1000);
        addNumber("kneeSlices", "knee: middle slices per exam (0 = all)", 0, 1000, 1);
    }
}
