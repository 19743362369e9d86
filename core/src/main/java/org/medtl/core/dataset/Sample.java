package org.medtl.core.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One data point of a dataset: a lazy reference to its pixels, its label and its patient, and its split in
 * every fold. Pixels are never held here; {@link ImagePipeline} loads them when a batch needs them.
 *
 * @param id         unique, stable name of the sample (relative path, plus {@code #entry} and {@code :index}
 *                   for containers and frames), used as the image order key by later nodes
 * @param file       the file holding the pixels (absolute)
 * @param entry      the array inside a container ({@code .npz} key, HDF5 dataset path), or {@code ""}
 * @param index      frame of a multi-frame DICOM, slice of a volume or row of an array; 0 for single images
 * @param label      label text (class name)
 * @param labelIndex position of {@code label} in the manifest's class list
 * @param group      patient or other group id; {@code ""} when the source has none (then every sample is its own group)
 * @param folds      split per fold ({@code folds.get(f)} is fold {@code f}); empty when no folds were made
 */
public record Sample(String id, Path file, String entry, int index, String label, int labelIndex, String group,
                     List<Split> folds) {

    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
        entry = entry == null ? "" : entry;
        label = Objects.requireNonNull(label, "label");
        group = group == null ? "" : group;
        folds = List.copyOf(folds);
        if (index < 0) {
            throw new IllegalArgumentException("Sample " + id + ": index must be >= 0, got " + index);
        }
    }

    /** The same sample with other fold assignments. */
    public Sample withFolds(List<Split> newFolds) {
        return new Sample(id, file, entry, index, label, labelIndex, group, newFolds);
    }

    /** The same sample with another label index (after the class list is fixed). */
    public Sample withLabelIndex(int newLabelIndex) {
        return new Sample(id, file, entry, index, label, newLabelIndex, group, folds);
    }

    /** The group used for patient-safe folds: the patient id, or the sample id when there is none. */
    public String groupOrId() {
        return group.isEmpty() ? id : group;
    }

    /** Split of this sample in fold {@code fold} (0-based). */
    public Split split(int fold) {
        if (fold < 0 || fold >= folds.size()) {
            throw new IllegalArgumentException("Sample " + id + " has " + folds.size() + " fold(s); fold " + fold + " does not exist");
        }
        return folds.get(fold);
    }
}
