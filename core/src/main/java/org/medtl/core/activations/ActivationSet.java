package org.medtl.core.activations;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An activation set folder: one float32 {@code <layer>.npy} per layer (rows = data points, columns =
 * channels) and {@code activations.json}. Rows are ordered image by image (the first {@code images} ids
 * of {@link #imageIds()}), and within an image by position, row-major over (y, x): the study's reshape
 * (N, h, w, C) -> (N*h*w, C).
 *
 * @param folder   where the set lives
 * @param imageIds all stimulus ids in extraction order
 * @param layers   per-layer metadata in the requested order
 * @param json     the whole {@code activations.json} (model, settings, provenance)
 */
public record ActivationSet(Path folder, List<String> imageIds, List<Layer> layers, JsonObject json) {

    public static final String DESCRIPTION_FILE = "activations.json";
    public static final int FORMAT_VERSION = 1;

    /**
     * @param name              layer name
     * @param file              {@code .npy} file name in the folder
     * @param rows              data points
     * @param columns           channels kept
     * @param channels          channels of the layer
     * @param height            layer output height (1 for pooled layers)
     * @param width             layer output width
     * @param images            images used (the first {@code images} ids)
     * @param positionsPerImage rows contributed by each used image
     * @param channelIndices    the kept channels in column order (all channels when no subset)
     */
    public record Layer(String name, String file, long rows, int columns, int channels, int height, int width, int images,
                        List<Integer> positionsPerImage, List<Integer> channelIndices) {
    }

    public Layer layer(String name) {
        for (Layer l : layers) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("Activation set " + folder + " has no layer '" + name + "'; it has "
                + layers.stream().map(Layer::name).toList() + ".");
    }

    public Path matrixFile(String layer) {
        return folder.resolve(layer(layer).file());
    }

    public static ActivationSet read(Path folder) throws IOException {
        Path f = folder.resolve(DESCRIPTION_FILE);
        org.medtl.core.io.InputFiles.requireFolder(folder, "an activation set with " + DESCRIPTION_FILE);
        if (!Files.isRegularFile(f)) {
            throw new IOException(folder + " is not an activation set: " + DESCRIPTION_FILE + " is missing.");
        }
        String text = org.medtl.core.io.InputFiles.read(f, "an activation set description (" + DESCRIPTION_FILE + ")",
                () -> Files.readString(f, StandardCharsets.UTF_8));
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            if (o.get("formatVersion").getAsInt() > FORMAT_VERSION) {
                throw new IOException(f + " has a newer format version; update MedTL.");
            }
            List<String> ids = new ArrayList<>();
            o.getAsJsonArray("image_ids").forEach(e -> ids.add(e.getAsString()));
            List<Layer> layers = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("layers")) {
                JsonObject l = e.getAsJsonObject();
                layers.add(new Layer(l.get("name").getAsString(), l.get("file").getAsString(), l.get("rows").getAsLong(),
                        l.get("columns").getAsInt(), l.get("channels").getAsInt(), l.get("height").getAsInt(),
                        l.get("width").getAsInt(), l.get("images").getAsInt(), ints(l.getAsJsonArray("positionsPerImage")),
                        ints(l.getAsJsonArray("channelIndices"))));
            }
            return new ActivationSet(folder, List.copyOf(ids), List.copyOf(layers), o);
        } catch (com.google.gson.JsonParseException e) {
            throw new IOException(f + " cannot be read: " + org.medtl.core.io.InputFiles.jsonError(e) + ". Extract the activations again.", e);
        } catch (RuntimeException e) {
            // A missing or mistyped field: gson and the JDK would only say which call failed.
            throw new IOException(f + " cannot be read: it lacks a field an activation set has (formatVersion, image_ids, layers with"
                    + " name, file, rows, columns, ...) or holds one of the wrong type. Extract the activations again.", e);
        }
    }

    static JsonObject layerJson(Layer l) {
        JsonObject o = new JsonObject();
        o.addProperty("name", l.name());
        o.addProperty("file", l.file());
        o.addProperty("rows", l.rows());
        o.addProperty("columns", l.columns());
        o.addProperty("channels", l.channels());
        o.addProperty("height", l.height());
        o.addProperty("width", l.width());
        o.addProperty("images", l.images());
        JsonArray p = new JsonArray();
        l.positionsPerImage().forEach(p::add);
        o.add("positionsPerImage", p);
        JsonArray c = new JsonArray();
        l.channelIndices().forEach(c::add);
        o.add("channelIndices", c);
        return o;
    }

    private static List<Integer> ints(JsonArray a) {
        List<Integer> v = new ArrayList<>();
        a.forEach(e -> v.add(e.getAsInt()));
        return List.copyOf(v);
    }

    static Map<String, String> stringMap(JsonObject o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsString()));
        return m;
    }
}
