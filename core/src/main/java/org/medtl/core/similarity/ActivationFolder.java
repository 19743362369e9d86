package org.medtl.core.similarity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.medtl.core.io.Npy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An activation set folder as the comparison reads it (the format is owned by org.medtl.core.activations):
 * one {@code <layer>.npy} per layer (2-D, rows = data points, columns = channels) and
 * {@code activations.json}. Rows are image-major: image i's positions are consecutive rows.
 *
 * <p>Read from {@code activations.json}: {@code image_ids} (row order); per entry of {@code layers}:
 * {@code name}, {@code file}, and when present {@code images} (the layer uses the first that many ids),
 * {@code positionsPerImage} (rows of each used image) and {@code channelIndices} (the kept channels).
 * Without them every image contributes rows / images rows. Without {@code layers}, every {@code .npy}
 * file is a layer. Scalar entries and the {@code model} object are kept as provenance.</p>
 */
final class ActivationFolder {

    static final String DESCRIPTOR = "activations.json";

    /** Rows of one layer: image i has rows {@code offsets[i] .. offsets[i+1]-1}. */
    record Layer(String name, Path file, int images, int[] offsets, List<Integer> channelIndices) {
        int rowsOf(int image) {
            return offsets[image + 1] - offsets[image];
        }
    }

    final Path folder;
    final List<String> imageIds;
    final Map<String, JsonObject> layerJson;
    final String fold;
    final Map<String, String> provenance;

    private ActivationFolder(Path folder, List<String> imageIds, Map<String, JsonObject> layerJson, String fold,
            Map<String, String> provenance) {
        this.folder = folder;
        this.imageIds = List.copyOf(imageIds);
        this.layerJson = layerJson;
        this.fold = fold;
        this.provenance = provenance;
    }

    static ActivationFolder open(Path folder) throws IOException {
        Path descriptor = folder.resolve(DESCRIPTOR);
        org.medtl.core.io.InputFiles.requireFolder(folder, "an activation set with " + DESCRIPTOR);
        if (!Files.isRegularFile(descriptor)) {
            throw new IOException(folder + " is not an activation set: " + DESCRIPTOR + " is missing. Point at a folder written "
                    + "by the activation extractor.");
        }
        JsonObject root;
        try (Reader r = Files.newBufferedReader(descriptor, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(r);
            if (!e.isJsonObject()) {
                throw new IOException(descriptor + ": expected a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(descriptor + " cannot be read: " + org.medtl.core.io.InputFiles.jsonError(e) + ".", e);
        }
        if (!root.has("image_ids") || !root.get("image_ids").isJsonArray()) {
            throw new IOException(descriptor + ": no image ids (expected an array 'image_ids' with the images in row order)");
        }
        List<String> imageIds = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("image_ids")) {
            imageIds.add(e.getAsString());
        }
        Map<String, JsonObject> layers = new LinkedHashMap<>();
        if (root.has("layers") && root.get("layers").isJsonArray()) {
            for (JsonElement e : root.getAsJsonArray("layers")) {
                JsonObject o;
                if (e.isJsonObject()) {
                    o = e.getAsJsonObject();
                } else {
                    o = new JsonObject();
                    o.addProperty("name", e.getAsString());
                }
                if (!o.has("name")) {
                    throw new IOException(descriptor + ": a 'layers' entry has no name: " + o);
                }
                layers.put(o.get("name").getAsString(), o);
            }
        } else {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList()) {
                    JsonObject o = new JsonObject();
                    o.addProperty("name", p.getFileName().toString().replaceFirst("\\.npy$", ""));
                    o.addProperty("file", p.getFileName().toString());
                    layers.put(o.get("name").getAsString(), o);
                }
            }
        }
        if (layers.isEmpty()) {
            throw new IOException(folder + ": no layer files (<layer>.npy)");
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("folder", folder.toAbsolutePath().toString());
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            JsonElement v = e.getValue();
            if (v.isJsonPrimitive()) {
                provenance.put(e.getKey(), v.getAsString());
            } else if (v.isJsonObject() && (e.getKey().equals("model") || e.getKey().equals("provenance"))) {
                for (Map.Entry<String, JsonElement> p : v.getAsJsonObject().entrySet()) {
                    if (p.getValue().isJsonPrimitive()) {
                        provenance.put(e.getKey() + "." + p.getKey(), p.getValue().getAsString());
                    }
                }
            }
        }
        String fold = root.has("fold") && root.get("fold").isJsonPrimitive() ? root.get("fold").getAsString() : null;
        return new ActivationFolder(folder, imageIds, layers, fold, provenance);
    }

    List<String> layers() {
        return List.copyOf(layerJson.keySet());
    }

    /** A layer's row layout, checked against its matrix's row count. */
    Layer layer(String name, int rows) throws IOException {
        JsonObject o = layerJson.get(name);
        if (o == null) {
            throw new IOException(folder + ": no layer '" + name + "' (has " + String.join(", ", layerJson.keySet()) + ")");
        }
        Path file = folder.resolve(o.has("file") ? o.get("file").getAsString() : name + ".npy");
        int images = o.has("images") ? o.get("images").getAsInt() : imageIds.size();
        if (images < 1 || images > imageIds.size()) {
            throw new IOException(folder.resolve(DESCRIPTOR) + ": layer '" + name + "' uses " + images + " images but "
                    + imageIds.size() + " ids are listed");
        }
        int[] offsets = new int[images + 1];
        if (o.has("positionsPerImage") && o.get("positionsPerImage").isJsonArray()) {
            JsonArray p = o.getAsJsonArray("positionsPerImage");
            if (p.size() != images) {
                throw new IOException(folder.resolve(DESCRIPTOR) + ": layer '" + name + "' lists " + p.size()
                        + " positionsPerImage for " + images + " images");
            }
            for (int i = 0; i < images; i++) {
                offsets[i + 1] = offsets[i] + p.get(i).getAsInt();
            }
        } else {
            if (rows % images != 0) {
                throw new IOException(file + ": layer '" + name + "' has " + rows + " rows, not a multiple of its " + images
                        + " images");
            }
            for (int i = 0; i < images; i++) {
                offsets[i + 1] = offsets[i] + rows / images;
            }
        }
        if (offsets[images] != rows) {
            throw new IOException(file + ": layer '" + name + "' has " + rows + " rows but " + DESCRIPTOR + " accounts for "
                    + offsets[images]);
        }
        List<Integer> channels = null;
        if (o.has("channelIndices") && o.get("channelIndices").isJsonArray()) {
            channels = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("channelIndices")) {
                channels.add(e.getAsInt());
            }
        }
        return new Layer(name, file, images, offsets, channels);
    }

    /** Reads one layer's matrix. */
    ActivationMatrix read(String layer) throws IOException {
        JsonObject o = layerJson.get(layer);
        if (o == null) {
            throw new IOException(folder + ": no layer '" + layer + "' (has " + String.join(", ", layerJson.keySet()) + ")");
        }
        Path file = folder.resolve(o.has("file") ? o.get("file").getAsString() : layer + ".npy");
        Npy.Array a = Npy.read(file);
        int[] shape = a.shape();
        if (shape.length != 2) {
            throw new IOException(file + ": layer '" + layer + "' must be 2-D (data points x channels), got shape "
                    + java.util.Arrays.toString(shape));
        }
        String name = folder.getFileName() + "/" + layer;
        return a.data() instanceof float[] f ? ActivationMatrix.ofRowMajor(name, f, shape[0], shape[1])
                : ActivationMatrix.ofRowMajor(name, a.toDoubles(), shape[0], shape[1]);
    }
}
