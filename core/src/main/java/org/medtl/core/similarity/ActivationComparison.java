package org.medtl.core.similarity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * The study's layer-by-layer comparison of two activation sets (see {@link ComparisonSettings}).
 *
 * <p>Per layer and repeat: the same random channel indices in both sets; round(positions / (h w))
 * random images (h w = rows per image of that layer), all their positions, in image order; the
 * measures on those rows. Images are matched by id, so B may list them in another order; each image keeps
 * all the positions the activation set stored for it. The random
 * choices depend only on the seed, the layer name and the repeat index, so adding a layer or a measure
 * does not change the others' samples.</p>
 */
public final class ActivationComparison {

    private ActivationComparison() {
    }

    /**
     * Compares the activation set folders A and B (see docs/similarity.md for the folder format).
     *
     * @param progress called with (fraction done, message); may be null
     */
    public static ComparisonResult compare(Path folderA, Path folderB, ComparisonSettings settings,
            BiConsumer<Double, String> progress) throws IOException {
        ActivationFolder a = ActivationFolder.open(folderA);
        ActivationFolder b = ActivationFolder.open(folderB);
        List<String> layers = settings.layers().isEmpty() ? commonLayers(a, b) : settings.layers();
        for (String layer : layers) {
            if (!a.layers().contains(layer) || !b.layers().contains(layer)) {
                throw new IllegalArgumentException("setting 'layers': layer '" + layer + "' is not in both activation sets (A has "
                        + String.join(", ", a.layers()) + "; B has " + String.join(", ", b.layers()) + ")");
            }
        }
        List<LayerSimilarity> rows = new ArrayList<>();
        List<MeasureSettings> measures = settings.measures().stream().map(settings::measureSettings).toList();
        int step = 0;
        int steps = layers.size() * settings.repeats();
        String fold = a.fold != null ? a.fold : b.fold;
        for (String layer : layers) {
            if (progress != null) {
                progress.accept((double) step / steps, layer + ": reading");
            }
            ActivationMatrix xa = a.read(layer);
            ActivationMatrix xb = b.read(layer);
            ActivationFolder.Layer la = a.layer(layer, xa.dataPoints());
            ActivationFolder.Layer lb = b.layer(layer, xb.dataPoints());
            int[] bImageOfA = matchImages(a, la, b, lb);
            LinkedHashSet<String> layerWarnings = new LinkedHashSet<>();
            if (la.channelIndices() != null && lb.channelIndices() != null && !la.channelIndices().equals(lb.channelIndices())) {
                layerWarnings.add("A and B were extracted with different channel subsets; columns are paired by position");
            }
            int images = la.images();
            double perImage = (double) xa.dataPoints() / images;
            double[][] values = new double[measures.size()][settings.repeats()];
            List<List<double[]>> coefs = new ArrayList<>();
            List<LinkedHashSet<String>> warnings = new ArrayList<>();
            for (int k = 0; k < measures.size(); k++) {
                coefs.add(new ArrayList<>());
                warnings.add(new LinkedHashSet<>(layerWarnings));
            }
            int dataPoints = 0;
            int nx = 0;
            int ny = 0;
            for (int r = 0; r < settings.repeats(); r++) {
                if (progress != null) {
                    progress.accept((double) step / steps, layer + ", repeat " + (r + 1) + " of " + settings.repeats());
                }
                SplittableRandom rng = new SplittableRandom(mix(settings.seed(), layer, r));
                int[] chA;
                int[] chB;
                if (xa.neurons() == xb.neurons()) {
                    chA = choose(rng, xa.neurons(), settings.channels());
                    chB = chA;
                } else {
                    chA = choose(rng, xa.neurons(), settings.channels());
                    chB = choose(rng, xb.neurons(), settings.channels());
                    warnings.forEach(w -> w.add("A has " + xa.neurons() + " channels and B " + xb.neurons()
                            + ": channel subsets chosen separately"));
                }
                int wanted = settings.positions() == 0 ? images
                        : (int) Math.max(1, Math.min(images, Math.round(settings.positions() / perImage)));
                int[] chosen = choose(rng, images, wanted);
                int total = 0;
                for (int i : chosen) {
                    total += la.rowsOf(i);
                }
                int[] rowsA = new int[total];
                int[] rowsB = new int[total];
                int k0 = 0;
                for (int i : chosen) {
                    int j = bImageOfA[i];
                    for (int p = 0; p < la.rowsOf(i); p++) {
                        rowsA[k0] = la.offsets()[i] + p;
                        rowsB[k0] = lb.offsets()[j] + p;
                        k0++;
                    }
                }
                ActivationMatrix sa = xa.select(rowsA, chA);
                ActivationMatrix sb = xb.select(rowsB, chB);
                List<SimilarityResult> results;
                try {
                    results = Similarity.computeAll(sa, sb, measures);
                } catch (IllegalArgumentException e) {
                    // Say which settings decide the counts, so that the user can fix the workflow rather than the data.
                    String hint = settings.channels() > 0 && settings.channels() >= total
                            ? " Here " + chosen.length + " images x " + (total / Math.max(1, chosen.length)) + " positions give " + total
                                    + " data points for " + settings.channels() + " random channels: set the comparator's '" + ComparisonSettings.CFG_CHANNELS
                                    + "' below " + total + " or extract activations of more images."
                            : "";
                    throw new IllegalArgumentException("layer '" + layer + "', repeat " + (r + 1) + ": " + e.getMessage() + hint, e);
                }
                for (int k = 0; k < measures.size(); k++) {
                    values[k][r] = results.get(k).value();
                    coefs.get(k).add(results.get(k).coefficients());
                    warnings.get(k).addAll(results.get(k).warnings());
                }
                dataPoints = sa.dataPoints();
                nx = sa.neurons();
                ny = sb.neurons();
                step++;
            }
            for (int k = 0; k < measures.size(); k++) {
                rows.add(new LayerSimilarity(layer, measures.get(k).measure(), fold, LayerSimilarity.mean(values[k]),
                        LayerSimilarity.std(values[k]), values[k], dataPoints, nx, ny, coefs.get(k), new ArrayList<>(warnings.get(k))));
            }
        }
        if (progress != null) {
            progress.accept(1.0, "done");
        }
        return new ComparisonResult(rows, a.provenance, b.provenance, settings);
    }

    /**
     * Aggregation over folds: for each layer and measure, the mean and std of the per-fold means
     * (the study reports one value per layer per fold, then averages over folds).
     */
    public static List<LayerSimilarity> overFolds(List<ComparisonResult> folds) {
        Map<String, List<LayerSimilarity>> byKey = new LinkedHashMap<>();
        for (ComparisonResult f : folds) {
            for (LayerSimilarity row : f.rows()) {
                byKey.computeIfAbsent(row.layer() + "\u0000" + row.measure(), k -> new ArrayList<>()).add(row);
            }
        }
        List<LayerSimilarity> out = new ArrayList<>();
        for (List<LayerSimilarity> group : byKey.values()) {
            double[] means = group.stream().mapToDouble(LayerSimilarity::mean).toArray();
            LinkedHashSet<String> warnings = new LinkedHashSet<>();
            group.forEach(g -> warnings.addAll(g.warnings()));
            if (group.size() < folds.size()) {
                warnings.add("present in " + group.size() + " of " + folds.size() + " folds");
            }
            LayerSimilarity first = group.get(0);
            out.add(new LayerSimilarity(first.layer(), first.measure(), null, LayerSimilarity.mean(means), LayerSimilarity.std(means),
                    means, first.dataPoints(), first.neuronsX(), first.neuronsY(), List.of(), new ArrayList<>(warnings)));
        }
        return out;
    }

    private static List<String> commonLayers(ActivationFolder a, ActivationFolder b) {
        List<String> out = new ArrayList<>();
        for (String l : a.layers()) {
            if (b.layers().contains(l)) {
                out.add(l);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the activation sets share no layer (A: " + String.join(", ", a.layers()) + "; B: "
                    + String.join(", ", b.layers()) + ")");
        }
        return out;
    }

    /**
     * For each image A's layer uses, the index of the same image (by id) in B's layer; both layers must
     * use the same images with the same number of positions each.
     */
    private static int[] matchImages(ActivationFolder a, ActivationFolder.Layer la, ActivationFolder b, ActivationFolder.Layer lb) {
        Map<String, Integer> indexB = new HashMap<>();
        for (int i = 0; i < lb.images(); i++) {
            if (indexB.put(b.imageIds.get(i), i) != null) {
                throw new IllegalArgumentException(b.folder + ": image id '" + b.imageIds.get(i) + "' appears twice in "
                        + ActivationFolder.DESCRIPTOR);
            }
        }
        int[] map = new int[la.images()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < la.images(); i++) {
            Integer j = indexB.get(a.imageIds.get(i));
            if (j == null) {
                missing.add(a.imageIds.get(i));
                continue;
            }
            map[i] = j;
            if (la.rowsOf(i) != lb.rowsOf(j)) {
                throw new IllegalArgumentException("layer '" + la.name() + "': image '" + a.imageIds.get(i) + "' has " + la.rowsOf(i)
                        + " positions in A but " + lb.rowsOf(j) + " in B; extract both at the same input size and spatial setting");
            }
        }
        if (!missing.isEmpty() || la.images() != lb.images()) {
            throw new IllegalArgumentException("layer '" + la.name() + "': the activation sets hold different images: A ("
                    + a.folder + ") uses " + la.images() + ", B (" + b.folder + ") uses " + lb.images() + (missing.isEmpty() ? ""
                    : "; e.g. '" + String.join("', '", missing.subList(0, Math.min(5, missing.size()))) + "' of A are not in B")
                    + ". Extract both models' activations on the same images.");
        }
        return map;
    }

    /** {@code count} distinct indices of {@code 0..n-1} in increasing order; all when count is 0 or >= n. */
    static int[] choose(SplittableRandom rng, int n, int count) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (count == 0 || count >= n) {
            return all;
        }
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, count);
        Arrays.sort(out);
        return out;
    }

    private static long mix(long seed, String layer, int repeat) {
        long h = seed * 0x9E3779B97F4A7C15L + layer.hashCode();
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + repeat;
        return h ^ (h >>> 29);
    }
}
