package org.medtl.knime.activations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.knime.core.data.DataTableSpec;
import org.knime.core.data.filestore.FileStore;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.ExecutionMonitor;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.medtl.core.activations.ActivationSet;
import org.medtl.core.activations.ExtractionSettings;
import org.medtl.core.activations.ImageFiles;
import org.medtl.core.dataset.ImagePipeline;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Preprocessing;
import org.medtl.core.dataset.Sample;
import org.medtl.core.dataset.Split;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.ModelFolder;
import org.medtl.knime.base.Cancel;
import org.medtl.knime.base.ManifestTable;
import org.medtl.knime.base.ModelRuns;
import org.medtl.knime.base.SettingsNodeModel;
import org.medtl.knime.port.ActivationSetPortObject;
import org.medtl.knime.port.ActivationSetPortObjectSpec;
import org.medtl.knime.port.ModelPortObject;

/**
 * Activation Extractor: the core's activation extraction with the dialog's {@link ExtractionSettings}. The study's
 * stimuli are the images of the evaluation fold, so when the dataset table has fold columns one activation set is
 * written per fold (sub-folder {@code fold_<n>}) from that fold's test split, with that fold's model when the model
 * port holds fine-tuned fold models and with the one model otherwise. Without fold columns every row is used.
 */
final class ActivationExtractorNodeModel extends SettingsNodeModel<ExtractionSettings> {

    private static final String PORT_DATASET = "input port 2 (dataset)";
    private static final String MODELS = "models";
    private static final String FOLD_FOLDER_PREFIX = "fold_";

    ActivationExtractorNodeModel() {
        super(new PortType[] {ModelPortObject.TYPE, BufferedDataTable.TYPE},
            new PortType[] {ActivationSetPortObject.TYPE}, ExtractionSettings::fromConfig, ExtractionSettings::toConfig,
            defaults());
    }

    /** The study's protocol: its five layers, every position, the study's image count per layer. */
    static ExtractionSettings defaults() {
        return ExtractionSettings.study();
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        ExtractionSettings s = settings();
        ManifestTable.checkSpec((DataTableSpec)inSpecs[1], PORT_DATASET);
        Map<String, String> known = new LinkedHashMap<>();
        known.put("layers", String.join(", ", s.layers()));
        known.put("spatial", s.spatial().key());
        return new PortObjectSpec[] {new ActivationSetPortObjectSpec(known)};
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        Map<String, Path> models = models(((ModelPortObject)inObjects[0]).folder());
        Manifest manifest = ManifestTable.fromTable((BufferedDataTable)inObjects[1], PORT_DATASET);
        boolean perFold = manifest.foldCount() > 0;
        if (!perFold && !models.containsKey("")) {
            throw new IllegalArgumentException("The model port holds fine-tuned models of folds "
                + String.join(", ", models.keySet()) + " but the dataset table has no fold columns, so the node "
                + "cannot tell which images each fold's model should see. Connect the dataset table with its fold columns.");
        }
        FileStore store = exec.createFileStore("activations");
        Path root = store.getFile().toPath();
        List<ActivationSet> sets = new ArrayList<>();
        try {
            if (!perFold) {
                sets.add(extract(models.get(""), manifest, root, exec));
            } else {
                Files.createDirectories(root);
                for (int f = 0; f < manifest.foldCount(); f++) {
                    String fold = String.valueOf(f);
                    Path model = models.containsKey("") ? models.get("") : models.get(fold);
                    if (model == null) {
                        continue;
                    }
                    List<Sample> test = manifest.samples(f, Split.TEST);
                    exec.setMessage("fold " + fold + ": " + test.size() + " test images");
                    Manifest foldImages = new Manifest(manifest.classes(), test);
                    sets.add(extract(model, foldImages, root.resolve(FOLD_FOLDER_PREFIX + fold),
                        exec.createSubExecutionContext(1.0 / manifest.foldCount())));
                }
                if (sets.isEmpty()) {
                    throw new IllegalArgumentException("None of the dataset's folds has a fine-tuned model in the model "
                        + "port (it holds folds " + String.join(", ", models.keySet()) + ").");
                }
            }
        } catch (CancellationException e) {
            throw new CanceledExecutionException("Activation extraction was cancelled.");
        }
        return new PortObject[] {new ActivationSetPortObject(store, spec(sets, perFold))};
    }

    private ActivationSet extract(Path model, Manifest images, Path out, ExecutionMonitor progress)
        throws InvalidSettingsException {
        return ModelRuns.extract(model, d -> ImageFiles.manifest(images.samples(),
            ImagePipeline.of(inputSize(d), Preprocessing.fromKey(d.preprocessing()))), settings(), out,
            (fraction, message) -> {
                if (Cancel.requested(progress)) {
                    throw new CancellationException("cancelled");
                }
                progress.setProgress(fraction, message);
            });
    }

    /** The dataset pipeline resizes every image to one size; a model prepared for "native size" has none. */
    private static int inputSize(ModelDescription model) {
        if (model.inputSize() <= 0) {
            throw new IllegalArgumentException("The model has no input size (it was prepared for images at their native "
                + "size), but images from a dataset table are resized to one size. Set 'Input size' in the Pretrained "
                + "Backbone node (the study used 256, 224, 112 or 96 pixels depending on the dataset).");
        }
        return model.inputSize();
    }

    /** The model folders of the port: {@code "" -> folder} for one model, fold name -> folder for fine-tuned folds. */
    private static Map<String, Path> models(Path folder) throws IOException {
        Map<String, Path> models = new LinkedHashMap<>();
        if (Files.isRegularFile(folder.resolve(ModelFolder.DESCRIPTION_FILE))) {
            models.put("", folder);
            return models;
        }
        Path dir = folder.resolve(MODELS);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : children.sorted().toList()) {
                    String name = child.getFileName().toString();
                    if (name.startsWith(FOLD_FOLDER_PREFIX)
                        && Files.isRegularFile(child.resolve(ModelFolder.DESCRIPTION_FILE))) {
                        models.put(name.substring(FOLD_FOLDER_PREFIX.length()), child);
                    }
                }
            }
        }
        if (models.isEmpty()) {
            throw new IOException(folder + " holds no MedTL model (" + ModelFolder.DESCRIPTION_FILE
                + "); re-execute the node that produced the model.");
        }
        return models;
    }

    private ActivationSetPortObjectSpec spec(List<ActivationSet> sets, boolean perFold) throws InvalidSettingsException {
        Map<String, String> p = new LinkedHashMap<>();
        ActivationSet first = sets.get(0);
        p.put("folds", perFold ? String.valueOf(sets.size()) : "none (one set)");
        p.put("images", String.valueOf(sets.stream().mapToInt(s -> s.imageIds().size()).sum()));
        for (ActivationSet.Layer l : first.layers()) {
            p.put("layer " + l.name(), l.rows() + " x " + l.columns() + " (output " + l.channels() + " x " + l.height()
                + " x " + l.width() + ")");
        }
        p.put("spatial", settings().spatial().key());
        if (first.json().has("device")) {
            p.put("device", first.json().get("device").getAsString());
        }
        return new ActivationSetPortObjectSpec(p);
    }
}
