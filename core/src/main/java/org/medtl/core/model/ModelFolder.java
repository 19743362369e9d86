package org.medtl.core.model;

import org.medtl.core.io.OutputFolders;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.stream.Stream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medtl.core.io.TempOutputs;

/**
 * A model on disk: {@code model.json} (architecture, exact spec, preprocessing, input size, head,
 * classes, provenance) and {@code weights.bin} ({@link TensorFile}). Backbones and fine-tuned models
 * use the same folder, so training and activation extraction load them the same way.
 */
public final class ModelFolder {

    public static final String DESCRIPTION_FILE = "model.json";
    public static final int FORMAT_VERSION = 1;

    private ModelFolder() {
    }

    /** A model read back: the description, the backbone, and the classifier when the folder has a head. */
    public record Loaded(ModelDescription description, ResNet backbone, Classifier classifier) {
        /** The block to run: the classifier if there is a head, else the backbone. */
        public Block block() {
            return classifier != null ? classifier : backbone;
        }
    }

    /** Saves a backbone without head. */
    public static void save(Path folder, ModelDescription description, ResNet backbone) throws IOException {
        if (description.head() != null) {
            throw new IllegalArgumentException("The description names a head but a bare backbone was given.");
        }
        write(folder, description, backbone.spec(), backbone.namedParameters());
    }

    /** Saves a backbone with its head. */
    public static void save(Path folder, ModelDescription description, Classifier classifier) throws IOException {
        if (!classifier.head().equals(description.head())) {
            throw new IllegalArgumentException("The description's head " + description.head() + " differs from the network's "
                    + classifier.head() + ".");
        }
        write(folder, description, classifier.backbone().spec(), classifier.namedParameters());
    }

    private static void write(Path folder, ModelDescription d, ResNetSpec spec, Map<String, Parameter> params) throws IOException {
        if (!d.spec().equals(spec)) {
            throw new IllegalArgumentException("The description's spec " + d.spec() + " differs from the network's " + spec + ".");
        }
        publish(folder, tmp -> {
            TensorFile.write(tmp.resolve(TensorFile.FILE_NAME), params);
            Files.writeString(tmp.resolve(DESCRIPTION_FILE), toJson(d), StandardCharsets.UTF_8);
            return null;
        });
    }

    /** Fills a model folder's files into a temporary sibling folder. */
    private interface Filler<T> {
        T fill(Path tmp) throws IOException;
    }

    /** Writes a new model folder through a temporary sibling folder, moved into place only when complete. */
    private static <T> T publish(Path folder, Filler<T> filler) throws IOException {
        Path target = folder.toAbsolutePath().normalize();
        if (!OutputFolders.isNewOrEmpty(target)) {
            throw new IOException("Model folder " + target + " exists and is not empty; choose a new folder.");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = TempOutputs.folder(parent, "." + target.getFileName() + ".tmp");
        try {
            T result = filler.fill(tmp);
            TempOutputs.publish(tmp, target);
            return result;
        } finally {
            TempOutputs.discard(tmp);
        }
    }

    /** Sub-folder prefix of fold models in a fine-tuning output ({@code models/fold_<n>/}). */
    public static final String FOLD_FOLDER_PREFIX = "fold_";
    /** Folder of a fine-tuning output that holds the fold models. */
    public static final String MODELS_FOLDER = "models";

    /**
     * The model folders of a model port: {@code "" -> folder} for one model, fold name -> folder for the
     * fold models of a fine-tuning output.
     */
    public static Map<String, Path> byFold(Path port) throws IOException {
        Map<String, Path> models = new LinkedHashMap<>();
        if (Files.isRegularFile(port.resolve(DESCRIPTION_FILE))) {
            models.put("", port);
            return models;
        }
        Path dir = port.resolve(MODELS_FOLDER);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : children.sorted().toList()) {
                    String name = child.getFileName().toString();
                    if (name.startsWith(FOLD_FOLDER_PREFIX) && Files.isRegularFile(child.resolve(DESCRIPTION_FILE))) {
                        models.put(name.substring(FOLD_FOLDER_PREFIX.length()), child);
                    }
                }
            }
        }
        if (models.isEmpty()) {
            throw new IOException(port + " holds no MedTL model (" + DESCRIPTION_FILE + "); re-execute the node that produced the model.");
        }
        return models;
    }

    /** The one model of a port; a fine-tuning output with several fold models is ambiguous and refused. */
    public static Path single(Path port) throws IOException {
        Map<String, Path> models = byFold(port);
        if (models.size() != 1) {
            throw new IOException(port + " holds " + models.size() + " fold models (" + String.join(", ", models.keySet())
                    + "); a backbone is taken from one model. Pretrain on the source task with one fold, or point at one fold's folder.");
        }
        return models.values().iterator().next();
    }

    /** Reads {@code model.json} only (for specs and tables without loading weights). */
    public static ModelDescription readDescription(Path folder) throws IOException {
        Path file = folder.resolve(DESCRIPTION_FILE);
        org.medtl.core.io.InputFiles.requireFolder(folder, "a MedTL model folder with " + DESCRIPTION_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(folder + " is not a MedTL model folder: " + DESCRIPTION_FILE + " is missing.");
        }
        String json = org.medtl.core.io.InputFiles.read(file, "a model description (model.json)",
                () -> Files.readString(file, StandardCharsets.UTF_8));
        try {
            return fromJson(json);
        } catch (com.google.gson.JsonParseException e) {
            throw new IOException(file + " cannot be read: " + org.medtl.core.io.InputFiles.jsonError(e)
                    + ". Restore the model folder, or write it again with the node or command that made it.", e);
        } catch (RuntimeException e) {
            throw new IOException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A model.json entry naming tensors of a shared weight file that belong to no layer of this model (a source's head). */
    static final String IGNORED_WEIGHTS = "weightsIgnored";
    /** Written instead of weights.bin when a shared weight file could not be hard-linked: its path and SHA-256. */
    static final String WEIGHTS_REFERENCE = "weights.ref";

    /**
     * The weight file of a model folder: its own {@code weights.bin} (possibly a hard link shared with the model it
     * was taken from), or the file its {@code weights.ref} names, checked against the recorded SHA-256.
     */
    static Path weightsFile(Path folder) throws IOException {
        Path own = folder.resolve(TensorFile.FILE_NAME);
        Path ref = folder.resolve(WEIGHTS_REFERENCE);
        if (Files.exists(own) || !Files.isRegularFile(ref)) {
            return own;
        }
        List<String> lines = Files.readAllLines(ref, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            throw new IOException(ref + " is damaged (it needs the weight file's path and SHA-256); write the model again.");
        }
        Path target = Path.of(lines.get(0).trim());
        if (!Files.isRegularFile(target)) {
            throw new IOException(folder + " refers to the weights " + target + ", which no longer exist; restore that model folder"
                    + " or build the backbone again.");
        }
        if (!Backbones.sha256(target).equals(lines.get(1).trim())) {
            throw new IOException(folder + " refers to the weights " + target + ", which have changed since (SHA-256 differs);"
                    + " build the backbone again.");
        }
        return target;
    }

    /**
     * Saves a backbone whose weights are exactly those of an existing model's weight file (a backbone taken unchanged
     * from a trained model): the file is hard-linked, not copied, and the tensors of the source's head are named in
     * model.json to be skipped on load. Where a hard link is impossible (another file system, a file system without
     * links), the folder refers to the file by path and SHA-256 instead, and says so in the returned text.
     *
     * @return how the weights are stored, for the node's message and the provenance
     */
    static String saveLinked(Path folder, ModelDescription d, Path sourceWeights, List<String> ignored) throws IOException {
        Path source = sourceWeights.toAbsolutePath().normalize();
        return publish(folder, tmp -> {
            String storage;
            try {
                Files.createLink(tmp.resolve(TensorFile.FILE_NAME), source);
                storage = "hard link to " + source + " (not copied)";
            } catch (IOException | UnsupportedOperationException e) {
                String sha = d.provenance() != null && d.provenance().weightsSha256() != null ? d.provenance().weightsSha256() : Backbones.sha256(source);
                Files.writeString(tmp.resolve(WEIGHTS_REFERENCE), source + "\n" + sha + "\n", StandardCharsets.UTF_8);
                storage = "reference to " + source + " (SHA-256 " + sha + "): a hard link is impossible there (" + e.getMessage()
                        + "); keep that model folder, or build the backbone again where both are on one file system";
            }
            JsonObject o = JsonParser.parseString(toJson(d)).getAsJsonObject();
            JsonArray names = new JsonArray();
            ignored.forEach(names::add);
            o.add(IGNORED_WEIGHTS, names);
            o.addProperty("weightsStorage", storage);
            Files.writeString(tmp.resolve(DESCRIPTION_FILE), new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
                    .create().toJson(o) + "\n", StandardCharsets.UTF_8);
            return storage;
        });
    }

    /** Tensor names model.json says to skip: the head of the model a shared weight file came from. */
    private static List<String> ignoredWeights(Path folder) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(folder.resolve(DESCRIPTION_FILE), StandardCharsets.UTF_8)).getAsJsonObject();
        List<String> names = new ArrayList<>();
        if (o.has(IGNORED_WEIGHTS) && o.get(IGNORED_WEIGHTS).isJsonArray()) {
            o.getAsJsonArray(IGNORED_WEIGHTS).forEach(e -> names.add(e.getAsString()));
        }
        return names;
    }

    /** Loads description and weights; arrays are created in {@code manager}. */
    public static Loaded load(Path folder, NDManager manager) throws IOException {
        ModelDescription d = readDescription(folder);
        Map<String, HostTensor> tensors = TensorFile.read(weightsFile(folder));
        ignoredWeights(folder).forEach(tensors::remove);
        ResNet backbone = ResNet.build(d.spec());
        if (d.head() == null) {
            WeightAssignment.assign(backbone.namedParameters(), tensors, manager, folder.toString());
            return new Loaded(d, backbone, null);
        }
        Classifier c = Classifier.append(backbone, d.head());
        WeightAssignment.assign(c.namedParameters(), tensors, manager, folder.toString());
        return new Loaded(d, backbone, c);
    }

    static String toJson(ModelDescription d) {
        JsonObject o = new JsonObject();
        o.addProperty("format", "medtl-model");
        o.addProperty("formatVersion", FORMAT_VERSION);
        o.addProperty("architecture", d.architecture());
        JsonObject spec = new JsonObject();
        spec.addProperty("layout", d.spec().layout().name().toLowerCase());
        spec.addProperty("bottleneck", d.spec().bottleneck());
        spec.add("blocks", ints(d.spec().blocks()));
        spec.add("widths", ints(d.spec().widths()));
        spec.addProperty("stemWidth", d.spec().stemWidth());
        o.add("spec", spec);
        o.addProperty("preprocessing", d.preprocessing());
        o.addProperty("inputSize", d.inputSize());
        if (d.head() != null) {
            JsonObject h = new JsonObject();
            h.addProperty("name", d.head().name());
            h.addProperty("classes", d.head().classes());
            h.addProperty("dropout", d.head().dropout());
            o.add("head", h);
        }
        JsonArray classes = new JsonArray();
        d.classes().forEach(classes::add);
        o.add("classes", classes);
        Provenance p = d.provenance();
        JsonObject prov = new JsonObject();
        if (p != null) {
            prov.addProperty("weightsSource", p.weightsSource());
            prov.addProperty("weightsFile", p.weightsFile());
            prov.addProperty("weightsSha256", p.weightsSha256());
            prov.addProperty("seed", p.seed());
            prov.add("settings", stringMap(p.settings()));
            prov.add("versions", stringMap(p.versions()));
            prov.addProperty("created", p.created());
        }
        o.add("provenance", prov);
        o.addProperty("weights", TensorFile.FILE_NAME);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(o) + "\n";
    }

    static ModelDescription fromJson(String text) {
        JsonObject o = JsonParser.parseString(text).getAsJsonObject();
        int version = o.get("formatVersion").getAsInt();
        if (version > FORMAT_VERSION) {
            throw new IllegalArgumentException("model.json has format version " + version + "; this MedTL reads up to "
                    + FORMAT_VERSION + ". Update MedTL.");
        }
        JsonObject s = o.getAsJsonObject("spec");
        ResNetSpec spec = new ResNetSpec(ResNetSpec.Layout.valueOf(s.get("layout").getAsString().toUpperCase()),
                s.get("bottleneck").getAsBoolean(), intList(s.getAsJsonArray("blocks")), intList(s.getAsJsonArray("widths")),
                s.get("stemWidth").getAsInt());
        HeadSpec head = null;
        if (o.has("head") && o.get("head").isJsonObject()) {
            JsonObject h = o.getAsJsonObject("head");
            head = new HeadSpec(h.get("name").getAsString(), h.get("classes").getAsInt(), h.get("dropout").getAsFloat());
        }
        List<String> classes = new ArrayList<>();
        if (o.has("classes")) {
            o.getAsJsonArray("classes").forEach(e -> classes.add(e.getAsString()));
        }
        JsonObject p = o.getAsJsonObject("provenance");
        Provenance prov = new Provenance(str(p, "weightsSource"), str(p, "weightsFile"), str(p, "weightsSha256"),
                p.has("seed") && !p.get("seed").isJsonNull() ? p.get("seed").getAsLong() : null,
                map(p, "settings"), map(p, "versions"), str(p, "created"));
        return new ModelDescription(o.get("architecture").getAsString(), spec, o.get("preprocessing").getAsString(),
                o.get("inputSize").getAsInt(), head, classes, prov);
    }

    private static JsonArray ints(List<Integer> v) {
        JsonArray a = new JsonArray();
        v.forEach(a::add);
        return a;
    }

    private static List<Integer> intList(JsonArray a) {
        List<Integer> v = new ArrayList<>();
        a.forEach(e -> v.add(e.getAsInt()));
        return v;
    }

    private static JsonObject stringMap(Map<String, String> m) {
        JsonObject o = new JsonObject();
        m.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.addProperty(e.getKey(), e.getValue()));
        return o;
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static Map<String, String> map(JsonObject o, String key) {
        Map<String, String> m = new LinkedHashMap<>();
        if (o.has(key) && o.get(key).isJsonObject()) {
            o.getAsJsonObject(key).entrySet().forEach(e -> m.put(e.getKey(), e.getValue().isJsonNull() ? "" : e.getValue().getAsString()));
        }
        return m;
    }

}
