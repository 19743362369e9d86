package org.medtl.core.model;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Keras ResNet50 weights from HDF5 in pure Java (jHDF), in both layouts Keras writes:
 * <ul>
 *   <li>weights only ({@code model.save_weights}, e.g. {@code resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5}):
 *       root attribute {@code layer_names}; each layer group has attribute {@code weight_names} and holds
 *       the datasets at {@code <layer>/<weight_name>}, e.g. {@code conv1_conv/conv1_conv/kernel:0};</li>
 *   <li>a full model file ({@code model.save}, e.g. {@code RadImageNet-ResNet50_notop.h5}): the same under
 *       the group {@code model_weights}, next to the model's JSON config.</li>
 * </ul>
 * A ResNet nested as one layer of a wrapper model (its weights listed as {@code conv1_conv/kernel:0} under
 * the wrapper layer's group) reads the same way: weights are named after the path element before them.
 * Convolution kernels are HWIO in Keras and become OIHW; BatchNorm keeps gamma, beta, moving mean and
 * moving variance. Keras' ImageNet classifier ({@code predictions}) is recognised and left out, so files
 * with a top load as backbones.
 */
final class KerasH5Weights {

    /** Keras' ImageNet top, present in {@code include_top=True} files; a backbone does not use it. */
    static final Set<String> IMAGENET_TOP = Set.of("predictions");

    private KerasH5Weights() {
    }

    /** Weights by MedTL parameter name ({@code <layer>/<weight>}), kernels already OIHW. */
    static Map<String, HostTensor> read(Path file) throws IOException {
        try (HdfFile h5 = new HdfFile(file)) {
            Group root = h5;
            String where = "the file root";
            if (h5.getChildren().containsKey("model_weights")) {
                root = (Group) h5.getChild("model_weights");
                where = "model_weights/";
            }
            Attribute layerNames = root.getAttribute("layer_names");
            if (layerNames == null) {
                throw new IOException(file.getFileName() + " is not a Keras weight file: no attribute 'layer_names' at " + where
                        + ". Expected a file written by Keras' model.save_weights() or model.save() in HDF5 format.");
            }
            Map<String, HostTensor> out = new LinkedHashMap<>();
            for (String layer : strings(layerNames.getData())) {
                if (IMAGENET_TOP.contains(layer)) {
                    continue;
                }
                Node node = root.getChild(layer);
                if (!(node instanceof Group g)) {
                    throw new IOException(file.getFileName() + ": layer '" + layer + "' is listed in layer_names but has no group.");
                }
                Attribute wn = g.getAttribute("weight_names");
                if (wn == null || wn.isEmpty() || wn.getSize() == 0) {
                    continue; // layers without weights (padding, ReLU, add) have an empty list
                }
                for (String weightName : strings(wn.getData())) {
                    Node d = g.getByPath(weightName);
                    if (!(d instanceof Dataset ds)) {
                        throw new IOException(file.getFileName() + ": weight '" + weightName + "' of layer '" + layer + "' is missing.");
                    }
                    // The weight's own layer is the path element before the weight: "conv1_conv/kernel:0" in a flat
                    // model; a backbone nested as one layer of a wrapper model lists all its weights under that layer.
                    String[] parts = weightName.split("/");
                    String owner = parts.length >= 2 ? parts[parts.length - 2] : layer;
                    if (IMAGENET_TOP.contains(owner)) {
                        continue;
                    }
                    String shortName = parts[parts.length - 1];
                    int colon = shortName.indexOf(':');
                    if (colon >= 0) {
                        shortName = shortName.substring(0, colon);
                    }
                    HostTensor t = new HostTensor(ds.getDimensionsAsLong(), floats(ds.getDataFlat(), file, layer + "/" + weightName));
                    if (shortName.equals("kernel") && t.shape().length == 4) {
                        t = t.hwioToOihw();
                    } else if (shortName.equals("kernel") && t.shape().length == 2) {
                        t = t.transpose2d();
                    }
                    String name = owner + "/" + shortName;
                    if (out.put(name, t) != null) {
                        throw new IOException(file.getFileName() + ": weight " + name + " appears twice.");
                    }
                }
            }
            return out;
        } catch (RuntimeException e) {
            throw new IOException(file.getFileName() + " cannot be read as HDF5/Keras weights: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Object data) {
        if (data == null) {
            return List.of();
        }
        if (data instanceof String[] s) {
            return List.of(s);
        }
        if (data instanceof String s) {
            return List.of(s);
        }
        throw new IllegalArgumentException("expected a string list attribute, found " + (data == null ? "nothing" : data.getClass().getSimpleName()));
    }

    private static float[] floats(Object flat, Path file, String what) throws IOException {
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new IOException(file.getFileName() + ": weight " + what + " is not a float32/float64 array ("
                + (flat == null ? "empty" : flat.getClass().getSimpleName()) + ").");
    }
}
