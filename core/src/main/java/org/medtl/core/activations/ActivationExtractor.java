package org.medtl.core.activations;

import org.medtl.core.io.OutputFolders;
import org.medtl.core.runtime.Progress;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.medtl.core.model.LayerNetwork;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.Provenance;
import org.medtl.core.runtime.DeviceChoice;
import org.medtl.core.runtime.DjlRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.medtl.core.io.TempOutputs;

/**
 * Extracts hidden-layer activations into an {@link ActivationSet}, streaming batch by batch: every batch
 * lives in its own NDManager (closed after the batch) and its rows go straight to the layer's
 * {@code .npy}, whose row count is computed before the first batch. Memory therefore stays at one batch,
 * however many images and positions the set holds (conv1 at 224 px for 1,000 images is 3.2 GB on disk).
 */
public final class ActivationExtractor {

    private ActivationExtractor() {
    }

    /**
     * Runs the extraction and writes the set into {@code out} (which must not exist or be empty) through a
     * temporary sibling folder moved into place at the end.
     */
    public static ActivationSet extract(LayerNetwork net, ImageSource images, ExtractionSettings s, Path out, Progress progress)
            throws IOException {
        Path target = out.toAbsolutePath().normalize();
        if (!OutputFolders.isNewOrEmpty(target)) {
            throw new IOException("Output folder " + target + " exists and is not empty; choose a new folder.");
        }
        Files.createDirectories(target.getParent());
        Path tmp = TempOutputs.folder(target.getParent(), "." + target.getFileName() + ".tmp");
        try {
            ActivationSet set;
            try {
                set = DjlRuntime.call(() -> run(net, images, s, tmp, progress));
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io; // DjlRuntime.call wraps checked exceptions; callers expect the file error itself
                }
                throw e;
            }
            TempOutputs.publish(tmp, target);
            return new ActivationSet(target, set.imageIds(), set.layers(), set.json());
        } finally {
            TempOutputs.discard(tmp);
        }
    }

    /** Layer names the settings resolve to for this network ({@code paper} expands). */
    public static List<String> resolveLayers(LayerNetwork net, ExtractionSettings s) {
        List<String> layers = new ArrayList<>();
        for (String l : s.layers()) {
            if (l.equals(ExtractionSettings.PAPER)) {
                layers.addAll(net.paperLayers());
            } else {
                layers.add(l);
            }
        }
        List<String> known = net.layerNames();
        for (String l : layers) {
            if (!known.contains(l) && !(known.size() == 1 && known.get(0).equals("output"))) {
                throw new IllegalArgumentException("Layer '" + l + "' (setting '" + ExtractionSettings.KEY_LAYERS + "') does not exist in "
                        + net.description().architecture() + "; layers are " + String.join(", ", known) + ".");
            }
        }
        if (layers.stream().distinct().count() != layers.size()) {
            throw new IllegalArgumentException("Setting '" + ExtractionSettings.KEY_LAYERS + "' names a layer twice: " + layers + ".");
        }
        return layers;
    }

    /** The same seed, width and count give the same indices for every model: similarity compares like with like. */
    public static int[] channelSubset(int channels, int count, long seed) {
        if (count <= 0 || count >= channels) {
            int[] all = new int[channels];
            for (int i = 0; i < channels; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] perm = new int[channels];
        for (int i = 0; i < channels; i++) {
            perm[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + r.nextInt(channels - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] pick = Arrays.copyOf(perm, count);
        Arrays.sort(pick);
        return pick;
    }

    /** Images a layer uses: all, or the study's round(10000 / (h*w)) (at least 1, at most all). */
    static int imagesFor(ExtractionSettings s, int total, int h, int w) {
        if (s.images() == ExtractionSettings.ImageCount.ALL) {
            return total;
        }
        long n = Math.round(ExtractionSettings.STUDY_POSITIONS / (double) (h * w));
        return (int) Math.max(1, Math.min(total, n));
    }

    /** Sorted positions drawn uniformly without replacement from [0, total) (Floyd's algorithm keeps memory at k). */
    static long[] positionSubset(long total, int k, long seed) {
        if (k >= total) {
            long[] all = new long[(int) total];
            for (int i = 0; i < total; i++) {
                all[i] = i;
            }
            return all;
        }
        java.util.HashSet<Long> chosen = new java.util.HashSet<>();
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (long j = total - k; j < total; j++) {
            long t = r.nextLong(j + 1);
            if (!chosen.add(t)) {
                chosen.add(j);
            }
        }
        long[] v = chosen.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return v;
    }

    private static final class Plan {
        String name;
        int channels;
        int height;
        int width;
        int images;
        int[] channelIndices;
        long[] positions; // SUBSAMPLE only: global position indices, sorted
        int cursor;
        long rows;
        int[] perImage;
        NpyRowWriter writer;
    }

    private static ActivationSet run(LayerNetwork net, ImageSource images, ExtractionSettings s, Path dir, Progress progress)
            throws IOException {
        List<String> layers = resolveLayers(net, s);
        DeviceChoice choice = DjlRuntime.selectDevices(s.device());
        Device device = choice.devices().get(0);
        int n = images.size();
        if (n == 0) {
            throw new IllegalArgumentException("No images to extract activations from.");
        }
        ImageSource.Image first = images.load(0);
        int height = first.height();
        int width = first.width();

        Map<String, Plan> plans = new LinkedHashMap<>();
        try (NDManager probe = NDManager.newBaseManager(device)) {
            NDArray x = probe.create(first.chw(), new Shape(1, 3, height, width));
            Map<String, NDArray> o = net.forwardLayers(x, layers);
            for (String l : layers) {
                // Checked for every layer before any file is opened: a subset wider than the layer would keep all
                // channels while activations.json recorded the requested count.
                long layerWidth = o.get(l).getShape().get(1);
                if (s.channels() > layerWidth) {
                    throw new IllegalArgumentException("Setting '" + ExtractionSettings.KEY_CHANNELS + "' is " + s.channels() + ", but layer '" + l
                            + "' of " + net.description().architecture() + " has " + layerWidth + " channels; choose at most " + layerWidth
                            + " (or 0 for all channels).");
                }
            }
            for (String l : layers) {
                Shape shape = o.get(l).getShape();
                Plan p = new Plan();
                p.name = l;
                p.channels = (int) shape.get(1);
                p.height = shape.dimension() == 4 ? (int) shape.get(2) : 1;
                p.width = shape.dimension() == 4 ? (int) shape.get(3) : 1;
                p.images = imagesFor(s, n, p.height, p.width);
                p.channelIndices = channelSubset(p.channels, s.channels(), s.seed());
                long hw = (long) p.height * p.width;
                p.perImage = new int[p.images];
                switch (s.spatial().mode()) {
                    case ALL -> {
                        p.rows = p.images * hw;
                        Arrays.fill(p.perImage, (int) hw);
                    }
                    case AVGPOOL -> {
                        p.rows = p.images;
                        Arrays.fill(p.perImage, 1);
                    }
                    case SUBSAMPLE -> {
                        p.positions = positionSubset(p.images * hw, s.spatial().positions(), s.seed());
                        p.rows = p.positions.length;
                        for (long pos : p.positions) {
                            p.perImage[(int) (pos / hw)]++;
                        }
                    }
                    default -> throw new IllegalStateException();
                }
                p.writer = new NpyRowWriter(dir.resolve(fileName(l)), p.rows, p.channelIndices.length);
                plans.put(l, p);
            }
        }
        boolean complete = false;
        try {
            int maxImages = plans.values().stream().mapToInt(p -> p.images).max().orElse(0);
            float[] batchPixels = null;
            for (int b0 = 0; b0 < maxImages; b0 += s.batchSize()) {
                int b1 = Math.min(maxImages, b0 + s.batchSize());
                int bs = b1 - b0;
                int plane = 3 * height * width;
                if (batchPixels == null || batchPixels.length != bs * plane) {
                    batchPixels = new float[bs * plane];
                }
                for (int i = b0; i < b1; i++) {
                    ImageSource.Image img = i == 0 ? first : images.load(i);
                    if (img.height() != height || img.width() != width) {
                        throw new IllegalArgumentException("Image '" + images.id(i) + "' is " + img.width() + "x" + img.height()
                                + " but the first image is " + width + "x" + height + "; images in one activation set must share"
                                + " a size. Set an input size (--size) to resize them all.");
                    }
                    System.arraycopy(img.chw(), 0, batchPixels, (i - b0) * plane, plane);
                }
                List<String> active = new ArrayList<>();
                for (Plan p : plans.values()) {
                    if (p.images > b0) {
                        active.add(p.name);
                    }
                }
                try (NDManager batch = NDManager.newBaseManager(device)) {
                    NDArray x = batch.create(batchPixels, new Shape(bs, 3, height, width));
                    Map<String, NDArray> o = net.forwardLayers(x, active);
                    for (String l : active) {
                        write(plans.get(l), o.get(l), b0, s);
                    }
                }
                progress.update(b1 / (double) maxImages, "activations: " + b1 + " of " + maxImages + " images");
            }
            complete = true;
        } finally {
            for (Plan p : plans.values()) {
                if (complete) {
                    p.writer.close(); // checks the row count
                } else {
                    p.writer.abandon(); // the temporary folder goes; the original error must not be masked
                }
            }
        }
        List<ActivationSet.Layer> meta = new ArrayList<>();
        for (Plan p : plans.values()) {
            meta.add(new ActivationSet.Layer(p.name, fileName(p.name), p.rows, p.channelIndices.length, p.channels, p.height, p.width,
                    p.images, Arrays.stream(p.perImage).boxed().toList(), Arrays.stream(p.channelIndices).boxed().toList()));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(images.id(i));
        }
        JsonObject json = describe(net.description(), s, layers, choice.reason(), ids, height, width, meta);
        Files.writeString(dir.resolve(ActivationSet.DESCRIPTION_FILE),
                new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(json) + "\n", StandardCharsets.UTF_8);
        return new ActivationSet(dir, List.copyOf(ids), List.copyOf(meta), json);
    }

    /** A layer name as a file name ({@code layer1.0} stays readable; separators become '_'). */
    static String fileName(String layer) {
        return layer.replaceAll("[^A-Za-z0-9._-]", "_") + ".npy";
    }

    private static void write(Plan p, NDArray a, int b0, ExtractionSettings s) throws IOException {
        int bs = (int) a.getShape().get(0);
        int images = Math.min(bs, p.images - b0);
        int c = p.channels;
        int[] keep = p.channelIndices;
        float[] row = new float[keep.length];
        if (a.getShape().dimension() == 2 || s.spatial().mode() == Spatial.Mode.AVGPOOL) {
            NDArray pooled = a.getShape().dimension() == 2 ? a : a.mean(new int[] {3}).mean(new int[] {2});
            float[] v = pooled.toFloatArray();
            for (int i = 0; i < images; i++) {
                for (int k = 0; k < keep.length; k++) {
                    row[k] = v[i * c + keep[k]];
                }
                p.writer.writeRow(row, 0);
            }
            return;
        }
        // (N, C, h, w) -> (N, h, w, C): the study's channels-last reshape puts positions in rows
        float[] v = a.transpose(0, 2, 3, 1).toFloatArray();
        long hw = (long) p.height * p.width;
        for (int i = 0; i < images; i++) {
            long base = (long) (b0 + i) * hw;
            for (int q = 0; q < hw; q++) {
                if (p.positions != null) {
                    if (p.cursor >= p.positions.length || p.positions[p.cursor] != base + q) {
                        continue;
                    }
                    p.cursor++;
                }
                int off = (int) (((long) i * hw + q) * c);
                for (int k = 0; k < keep.length; k++) {
                    row[k] = v[off + keep[k]];
                }
                p.writer.writeRow(row, 0);
            }
        }
    }

    private static JsonObject describe(ModelDescription d, ExtractionSettings s, List<String> layers, String device,
                                       List<String> ids, int height, int width, List<ActivationSet.Layer> meta) {
        JsonObject o = new JsonObject();
        o.addProperty("format", "medtl-activations");
        o.addProperty("formatVersion", ActivationSet.FORMAT_VERSION);
        JsonObject model = new JsonObject();
        model.addProperty("architecture", d.architecture());
        model.addProperty("preprocessing", d.preprocessing());
        model.addProperty("inputSize", d.inputSize());
        model.addProperty("head", d.head() == null ? null : d.head().toString());
        Provenance p = d.provenance();
        if (p != null) {
            model.addProperty("weightsSource", p.weightsSource());
            model.addProperty("weightsFile", p.weightsFile());
            model.addProperty("weightsSha256", p.weightsSha256());
            model.addProperty("seed", p.seed());
        }
        o.add("model", model);
        JsonObject settings = new JsonObject();
        JsonArray ls = new JsonArray();
        s.layers().forEach(ls::add);
        settings.add(ExtractionSettings.KEY_LAYERS, ls);
        settings.addProperty(ExtractionSettings.KEY_SPATIAL, s.spatial().key());
        settings.addProperty(ExtractionSettings.KEY_CHANNELS, s.channels());
        settings.addProperty(ExtractionSettings.KEY_SEED, s.seed());
        settings.addProperty(ExtractionSettings.KEY_IMAGES, s.images().name().toLowerCase());
        settings.addProperty(ExtractionSettings.KEY_BATCH, s.batchSize());
        settings.addProperty(ExtractionSettings.KEY_DEVICE, s.device());
        o.add("settings", settings);
        o.addProperty("device", device);
        o.addProperty("imageHeight", height);
        o.addProperty("imageWidth", width);
        o.addProperty("rowOrder", "image-major, then position row-major over (y, x): (N,h,w,C) -> (N*h*w, C)");
        JsonArray idArray = new JsonArray();
        ids.forEach(idArray::add);
        o.add("image_ids", idArray);
        JsonArray la = new JsonArray();
        meta.forEach(l -> la.add(ActivationSet.layerJson(l)));
        o.add("layers", la);
        JsonObject v = new JsonObject();
        DjlRuntime.versions().forEach(v::addProperty);
        o.add("versions", v);
        o.addProperty("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return o;
    }

}
