package org.medtl.knime.finetune;

import java.util.List;

import org.medtl.core.training.FineTuneSettings;
import org.medtl.knime.base.SettingsDialog;

/** Dialog of the GPU Fine-Tuner: one tab per part of the training protocol. */
final class GpuFineTunerNodeDialog extends SettingsDialog {

    // The core names folds by their manifest column number (fold_0 -> "0").
    private static final List<String> FOLD_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    GpuFineTunerNodeDialog() {
        super(GpuFineTunerNodeModel.defaults()::toConfig);
        setDefaultTabTitle("Protocol");
        // Stage names: Keras ResNets have conv2..conv5, torchvision ResNets layer1..layer4 (the core's stage names).
        addChoice("mode", "Training mode", List.of("full", "freeze-then-finetune", "frozen", "from-stage:conv2",
            "from-stage:conv3", "from-stage:conv4", "from-stage:conv5", "from-stage:layer1", "from-stage:layer2",
            "from-stage:layer3", "from-stage:layer4"));
        addList("folds", "Folds to run (none selected = every fold)", FOLD_NAMES, false);
        addNumber("epochs", "Epoch limit", 1, 100_000, 1);
        addNumber("batch", "Batch size", 1, 100_000, 1);
        addNumber("lr", "Learning rate", 1e-12, 10, 1e-5);
        addChoice("optimizer", "Optimizer", List.of("adam", "sgd"));
        addNumber("momentum", "SGD momentum", 0, 0.999999, 0.05);
        addNumber("weight-decay", "Weight decay", 0, 10, 1e-4);
        addChoice("schedule", "Learning-rate schedule", List.of("constant", "step", "cosine"));
        addNumber("step-epochs", "Step schedule: epochs between decays", 1, 100_000, 1);
        addNumber("step-gamma", "Step schedule: factor per decay", 1e-9, 1, 0.1);

        createNewTab("Early stopping");
        addChoice("monitor", "Monitored quantity", List.of("val_loss", "val_auc", "val_accuracy"));
        addNumber("patience", "Patience in epochs (0 = off)", 0, 100_000, 1);
        addFlag("restore-best", "Restore the weights of the best epoch");

        createNewTab("Head stage");
        addNumber("head-lr", "Head stage learning rate", 1e-12, 10, 1e-4);
        addNumber("head-epochs", "Head stage epoch limit", 1, 100_000, 1);
        addChoice("head-monitor", "Head stage monitored quantity", List.of("val_loss", "val_auc", "val_accuracy"));
        addNumber("head-patience", "Head stage patience (0 = off)", 0, 100_000, 1);

        createNewTab("Data");
        addNumber("size", "Input size in pixels (0 = backbone's)", 0, 4096, 16);
        addFlag("augment", "Augment training images (rotation, shift, shear, zoom)");
        addFlag("hflip", "Random horizontal flips");
        addString("class-weights", "Class weights (none, balanced or w0,w1,...)");
        addNumber("dropout", "Dropout before the dense layer", 0, 0.999, 0.05);
        addChoice("auc-average", "Multi-class AUC averaging", List.of("micro", "macro", "weighted"));

        createNewTab("Execution");
        addNumber("seed", "Seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        addString("device", "Device (auto, cpu, gpu, gpu:0, gpu:0,1)");
        addNumber("workers", "Image loading threads", 1, 64, 1);
        addFlag(FineTuneSettings.KEY_IMAGE_CACHE, "Decoded-image cache (decode each image once; MEDTL_IMAGE_CACHE_LIMIT bounds it)");
    }
}
