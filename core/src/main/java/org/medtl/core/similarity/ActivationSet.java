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
 * An activation set folder as read by the comparison: one {@code <layer>.npy} per layer (2-D, rows = data
 * points, columns = channels; for convolutional layers each image contributes h*w consecutive rows) plus
 * {@code activations.json} with at least the image ids in row order.
 *
 * <p>Read from {@code activations.json}: the image ids ({@code image_ids}, or {@code ids}, or
 * {@code images} as strings or objects with an {@code id}); optionally {@code layers} (names, or objects
 * with {@code name} and optional {@code file}) and {@code fold}. Without {@code layers}, every
 * {@code .npy} file in the folder is a layer. The other top-level entries are kept as provenance.</p>
 */
public final class ActivationSet {

    public static final String DESCRIPTOR = "activations.json";

    private final Path folder;
    private final List<String> imageIds;
    private final Map<String, Path> layerFiles;
    private final String fold;
    private final Map<String, String> provenance;

    private ActivationSet(Path folder, List<String> imageIds, Map<String, Path> layerFiles, String fold, Map<String, String> provenance) {
        this.folder = folder;
        this.imageIds = List.copyOf(imageIds);
        this.layerFiles = layerFiles;
        this.fold = fold;
        this.provenance = provenance;
    }

    /** Opens a folder (reads only the descriptor; layers are read on demand). */
    public static ActivationSet open(Path folder) throws IOException {
        Path descriptor = folder.resolve(DESCRIPTOR);
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
            throw new IOException(descriptor + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        JsonArray ids = null;
        for (String key : new String[] {"image_ids", "ids", "images"}) {
            if (root.has(key) && root.get(key).isJsonArray()) {
                ids = root.getAsJsonArray(key);
                break;
            }
        }
        if (ids == null) {
            throw new IOException(descriptor + ": no image ids (expected an array 'image_ids' with the images in row order)");
        }
        List<String> imageIds = new ArrayList<>();
        for (JsonElement e : ids) {
            if (e.isJsonObject() && e.getAsJsonObject().has("id")) {
                imageIds.add(e.getAsJsonObject().get("id").getAsString());
            } else if (e.isJsonPrimitive()) {
                imageIds.add(e.getAsString());
            } else {
                throw new IOException(descriptor + ": image id entry " + e + " is neither a string nor an object with 'id'");
            }
        }
        Map<String, Path> layers = new LinkedHashMap<>();
        Map<String, Integer> layerImages = new LinkedHashMap<>();
        if (root.has("layers") && root.get("layers").isJsonArray()) {
            for (JsonElement e : root.getAsJsonArray("layers")) {
                String name;
                String file = null;
                if (e.isJsonObject()) {
                    JsonObject o = e.getAsJsonObject();
                    name = o.get("name").getAsString();
                    file = o.has("file") ? o.get("file").getAsString() : null;
                    // The study's image count per layer uses only the first round(10000/(h*w)) images.
                    if (o.has("images") && o.get("images").isJsonPrimitive()) {
                        layerImages.put(name, o.get("images").getAsInt());
                    }
                } else {
                    name = e.getAsString();
                }
                layers.put(name, folder.resolve(file != null ? file : name + ".npy"));
            }
        } else {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted()
                        .forEach(p -> layers.put(p.getFileName().toString().replaceFirst("\\.npy$", ""), p));
            }
        }
        if (layers.isEmpty()) {
            throw new IOException(folder + ": no layer files (<layer>.npy)");
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("folder", folder.toAbsolutePath().toString());
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (e.getValue().isJsonPrimitive()) {
                provenance.put(e.getKey(), e.getValue().getAsString());
            } else if (e.getValue().isJsonObject() && e.getKey().equals("provenance")) {
                for (Map.Entry<String, JsonElement> p : e.getValue().getAsJsonObject().entrySet()) {
                    provenance.put(p.getKey(), p.getValue().isJsonPrimitive() ? p.getValue().getAsString() : p.getValue().toString());
                }
            }
        }
        String fold = root.has("fold") && root.get("fold").isJsonPrimitive() ? root.get("fold").getAsString() : null;
        ActivationSet set = new ActivationSet(folder, imageIds, layers, fold, provenance);
        set.layerImages.putAll(layerImages);
        return set;
    }

    private final Map<String, Integer> layerImages = new LinkedHashMap<>();

    /** Images whose activations a layer holds: the first n of {@link #imageIds()} (all unless the extractor used fewer). */
    public int imagesIn(String layer) {
        return layerImages.getOrDefault(layer, imageIds.size());
    }

    public Path folder() {
        return folder;
    }

    /** Image ids in row order. */
    public List<String> imageIds() {
        return imageIds;
    }

    /** Layer names in the descriptor's (or file-name) order. */
    public List<String> layers() {
        return List.copyOf(layerFiles.keySet());
    }

    /** The fold these activations were computed on, or null. */
    public String fold() {
        return fold;
    }

    /** Scalar descriptor entries and the folder, for reports. */
    public Map<String, String> provenance() {
        return java.util.Collections.unmodifiableMap(provenance);
    }

    /** Reads one layer's matrix and checks that its rows are a whole number of rows per image. */
    public ActivationMatrix read(String layer) throws IOException {
        Path file = layerFiles.get(layer);
        if (file == null) {
            throw new IOException(folder + ": no layer '" + layer + "' (has " + String.join(", ", layerFiles.keySet()) + ")");
        }
        Npy.Array a = Npy.read(file);
        int[] shape = a.shape();
        if (shape.length != 2) {
            throw new IOException(file + ": layer '" + layer + "' must be 2-D (data points x channels), got shape "
                    + java.util.Arrays.toString(shape));
        }
        if (imageIds.isEmpty() || shape[0] % imageIds.size() != 0) {
            throw new IOException(file + ": layer '" + layer + "' has " + shape[0] + " rows, not a multiple of the "
                    + imageIds.size() + " images in " + DESCRIPTOR);
        }
        String name = folder.getFileName() + "/" + layer;
        return a.data() instanceof float[] f ? ActivationMatrix.ofRowMajor(name, f, shape[0], shape[1])
                : ActivationMatrix.ofRowMajor(name, a.toDoubles(), shape[0], shape[1]);
    }
}
