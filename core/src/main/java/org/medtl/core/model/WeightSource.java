package org.medtl.core.model;

import java.nio.file.Path;
import java.util.Locale;

/** Where a backbone's weights come from. */
public enum WeightSource {
    /** Seeded random initialisation (the study's baseline). */
    RANDOM("random"),
    /** Keras HDF5, weights-only or full model file. */
    KERAS_H5("keras-h5"),
    /** torchvision state_dict in torch's zip format, read by a restricted unpickler. */
    PTH("pth"),
    /** TorchScript: a program, run as is by libtorch; only for files from a trusted source. */
    TORCHSCRIPT("torchscript"),
    /**
     * A MedTL model folder, or a GPU Fine-Tuner output holding one fold model: its backbone (without the
     * head) becomes the new backbone, so a workflow can pretrain on a source task and transfer.
     */
    MEDTL_MODEL("medtl-model");

    private final String key;

    WeightSource(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static WeightSource fromKey(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        for (WeightSource w : values()) {
            if (w.key.equals(k)) {
                return w;
            }
        }
        throw new IllegalArgumentException("Weight source '" + key + "' is not known; use random, keras-h5, pth, torchscript or medtl-model.");
    }

    /** The source a file's extension implies: {@code .h5}/{@code .hdf5}, {@code .pth}, {@code .pt}. */
    public static WeightSource ofFile(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".h5") || n.endsWith(".hdf5")) {
            return KERAS_H5;
        }
        if (n.endsWith(".pth")) {
            return PTH;
        }
        if (n.endsWith(".pt") || n.endsWith(".torchscript")) {
            return TORCHSCRIPT;
        }
        throw new IllegalArgumentException("Cannot tell the format of weight file " + file.getFileName()
                + " from its extension: use .h5 (Keras), .pth (torchvision state_dict) or .pt (TorchScript).");
    }
}
