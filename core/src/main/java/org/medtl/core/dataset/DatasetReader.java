package org.medtl.core.dataset;

import org.medtl.core.runtime.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.dataset.synthetic.SyntheticTask;

/**
 * The Medical Dataset Reader's entry point (shared by the KNIME node and {@code ./medtl dataset}): lists the
 * source, checks every sample can be decoded, assigns folds and checks that no patient leaks across splits.
 */
public final class DatasetReader {

    private DatasetReader() {
    }

    public static Dataset read(DatasetSettings settings) throws IOException, InvalidConfigException, LeakageException {
        return read(settings, Progress.NONE);
    }

    /**
     * @throws InvalidConfigException     an unusable setting
     * @throws DatasetProblemsException   bad input with onProblem = fail (lists every problem)
     * @throws LeakageException           a patient in two splits of a fold (always fatal)
     * @throws IOException                the source itself cannot be read
     */
    public static Dataset read(DatasetSettings settings, Progress progress) throws IOException, InvalidConfigException, LeakageException {
        return read(settings, progress, settings.imageCacheInputSize() > 0 ? DecodedImageCache.standard() : null);
    }

    /** {@link #read(DatasetSettings, Progress)} building the decoded-image cache, when the settings ask, in {@code cache}. */
    static Dataset read(DatasetSettings settings, Progress all, DecodedImageCache cache)
            throws IOException, InvalidConfigException, LeakageException {
        settings.validate();
        boolean caching = settings.imageCacheInputSize() > 0;
        // Building the cache decodes every image at full cost, as verifying does: each gets half of the bar.
        Progress progress = caching ? all.part(0, 0.5) : all;
        progress.update(0, "listing " + settings.source());
        Listing listing = settings.preset().equals("auto") ? Sources.auto(settings) : StudyPresets.list(settings);
        List<Listing.Candidate> candidates = listing.candidates;
        List<Problem> problems = new ArrayList<>(listing.problems);
        if (settings.verify() && !candidates.isEmpty()) {
            candidates = verify(candidates, settings, problems, progress);
        }
        if (!problems.isEmpty() && !settings.skipProblems()) {
            throw new DatasetProblemsException(problems, candidates.size());
        }
        if (candidates.isEmpty()) {
            throw new IOException("No samples found in " + settings.source() + (problems.isEmpty() ? "." : " (" + problems.size() + " problem(s))."));
        }
        List<Sample> samples = candidates.stream().map(Listing.Candidate::sample).toList();
        List<String> classes = listing.classes != null ? listing.classes : classOrder(samples);
        Manifest manifest;
        try {
            manifest = Manifest.withClasses(classes, samples);
        } catch (IllegalArgumentException e) {
            throw new IOException(settings.source() + ": " + e.getMessage(), e);
        }
        FoldScheme scheme = settings.foldScheme();
        if (scheme == null) {
            boolean patients = samples.stream().anyMatch(s -> !s.group().isEmpty());
            scheme = patients ? FoldScheme.NESTED_GROUP : FoldScheme.NESTED;
        }
        progress.update(0.95, "assigning folds (" + scheme.key() + ")");
        if (scheme == FoldScheme.GIVEN) {
            manifest = manifest.withFolds(given(candidates, settings));
        } else {
            try {
                manifest = Folds.assign(manifest, scheme, settings.folds(), settings.seed());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(e.getMessage(), e);
            }
        }
        Folds.checkNoLeakage(manifest);
        progress.update(1, manifest.samples().size() + " samples");
        Dataset.ImageCache built = caching ? buildImageCache(manifest, settings, cache, all.part(0.5, 0.5)) : null;
        return new Dataset(manifest, problems, listing.excluded, scheme, settings.seed(), built);
    }

    /**
     * Decodes the whole manifest into {@code cache} as the GPU Fine-Tuner and the Activation Extractor with input size
     * {@code imageCacheInputSize} will look it up: the same samples in the same order, nearest resize and the files'
     * own DICOM windows (their pipelines', {@link ImagePipeline#of}; the reader's window setting is for verifying only).
     * Normalisation is not part of the cache key, so any preprocessing serves.
     */
    private static Dataset.ImageCache buildImageCache(Manifest manifest, DatasetSettings settings, DecodedImageCache cache, Progress progress)
            throws IOException {
        int size = settings.imageCacheInputSize();
        int n = manifest.samples().size();
        long bytes = DecodedImageStore.fileBytes(n, size, size);
        String what = String.format(Locale.ROOT, "%d images at %dx%d", n, size, size);
        String later = " The GPU Fine-Tuner and the Activation Extractor will decode the image files instead (every epoch).";
        if (cache.limitBytes() == 0) {
            return notBuilt("decoded-image cache not built: " + DecodedImageCache.LIMIT_VARIABLE + " is 0, which turns the cache"
                    + " off." + later + " Unset " + DecodedImageCache.LIMIT_VARIABLE + " or give it a size (e.g. 4g) to build it.");
        }
        if (bytes > cache.limitBytes()) {
            return notBuilt("decoded-image cache not built: " + what + " need " + DecodedImageCache.gb(bytes) + ", more than "
                    + DecodedImageCache.LIMIT_VARIABLE + " allows (" + DecodedImageCache.gb(cache.limitBytes()) + ")." + later + " Raise "
                    + DecodedImageCache.LIMIT_VARIABLE + " above " + DecodedImageCache.gb(bytes) + ", or choose a smaller input size.");
        }
        int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
        DecodedImageStore store = cache.open(ImagePipeline.of(size, Preprocessing.CAFFE), manifest.samples(), threads, progress);
        if (store == null) {
            // open() refuses only what does not fit, checked above; another process cannot shrink the bound of this one.
            throw new IllegalStateException("the decoded-image cache refused " + what + " within its limit");
        }
        String message = String.format(Locale.ROOT, "image cache: %s ready in %s (%s, limit %s, %s) for the GPU Fine-Tuner and"
                + " Activation Extractor with input size %d", what, store.file(), DecodedImageCache.gb(bytes),
                DecodedImageCache.gb(cache.limitBytes()), DecodedImageCache.LIMIT_VARIABLE, size);
        return new Dataset.ImageCache(true, message);
    }

    /** Said by the callers as a warning (node, runner, {@code ./medtl dataset}), not as passing progress. */
    private static Dataset.ImageCache notBuilt(String message) {
        return new Dataset.ImageCache(false, message);
    }

    /** Sorted labels; numerically when every label is a whole number (so 10 follows 9). */
    /**
     * The classes {@link #read} will find, in the order of {@code label_index}, without decoding any image: what a
     * KNIME node's {@code configure} may tell downstream nodes (their prediction columns depend on the class count).
     * Synthetic tasks are not generated for this; other sources are only listed.
     *
     * @throws IOException the source cannot be listed (the message names it)
     */
    public static List<String> classesBeforeReading(DatasetSettings settings) throws IOException, InvalidConfigException {
        settings.validate();
        if (settings.preset().startsWith("synthetic-")) {
            return classOrder(SyntheticTask.fromKey(settings.preset()).classes());
        }
        Listing listing = settings.preset().equals("auto") ? Sources.auto(settings) : StudyPresets.list(settings);
        return listing.classes != null ? listing.classes
            : classOrder(listing.candidates.stream().map(c -> c.sample().label()).toList());
    }

    static List<String> classOrder(List<Sample> samples) {
        return classOrder(samples.stream().map(Sample::label).toList());
    }

    private static List<String> classOrder(java.util.Collection<String> sampleLabels) {
        List<String> labels = new ArrayList<>(new java.util.TreeSet<>(sampleLabels));
        if (labels.stream().allMatch(l -> l.matches("-?\\d{1,18}"))) {
            labels.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        }
        return labels;
    }

    /** Decodes every candidate once; the failing ones become problems (in source order). */
    private static List<Listing.Candidate> verify(List<Listing.Candidate> candidates, DatasetSettings settings, List<Problem> problems,
                                                  Progress progress) throws IOException {
        int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
        Window window = settings.window();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "medtl-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            int n = candidates.size();
            String[] failure = new String[n];
            int chunk = Math.max(1, Math.min(256, n / (threads * 8) + 1));
            List<Future<?>> futures = new ArrayList<>();
            for (int start = 0; start < n; start += chunk) {
                int from = start;
                int to = Math.min(n, start + chunk);
                futures.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        try {
                            // Decoding reads every compressed byte (so truncation shows); converting only a 32x32
                            // sample keeps verifying a 50 MB mammogram cheap.
                            SampleDecoder.decode(candidates.get(i).sample(), window, 32, 32);
                        } catch (ImageReadException e) {
                            failure[i] = e.reason();
                        } catch (RuntimeException | OutOfMemoryError e) {
                            failure[i] = "cannot decode: " + e;
                        }
                    }
                }));
            }
            for (int k = 0; k < futures.size(); k++) {
                try {
                    futures.get(k).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("reading the dataset was interrupted");
                } catch (ExecutionException e) {
                    throw new IOException("verifying samples failed: " + e.getCause(), e.getCause());
                }
                progress.update(0.05 + 0.9 * (k + 1) / futures.size(), "checked " + Math.min(n, (k + 1) * chunk) + " of " + n + " samples");
            }
            List<Listing.Candidate> ok = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (failure[i] == null) {
                    ok.add(candidates.get(i));
                } else {
                    Sample s = candidates.get(i).sample();
                    String loc = SampleDecoder.location(s);
                    problems.add(new Problem(s.file() + (loc.isEmpty() ? "" : " (" + loc + ")"), failure[i]));
                }
            }
            return ok;
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Folds from the source's split or fold column: train/val/test names make one fold; whole numbers 0..k-1
     * (or 1..k) make k folds, the sample being test in its own fold and train in the others.
     */
    private static String describe(Listing.Candidate c) {
        return c.sample().id() + " (" + c.sample().file() + ")";
    }

    static List<List<Split>> given(List<Listing.Candidate> candidates, DatasetSettings s) throws InvalidConfigException {
        List<String> values = candidates.stream().map(Listing.Candidate::given).toList();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isEmpty() && missing.size() < 5) {
                missing.add(candidates.get(i).sample().id());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidConfigException("Scheme 'given' needs a split or fold for every sample, but " + missing
                    + (missing.size() == 5 ? " and maybe more have" : " have") + " none. Set 'splitColumn', or choose another scheme.");
        }
        // The first value that is neither kind, and the first of each kind, name the sample to fix.
        int firstSplit = -1;
        int firstNumber = -1;
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            boolean split;
            try {
                Split.parse(v);
                split = true;
            } catch (IllegalArgumentException e) {
                split = false;
            }
            if (split) {
                firstSplit = firstSplit < 0 ? i : firstSplit;
            } else if (v.trim().matches("-?\\d+")) {
                firstNumber = firstNumber < 0 ? i : firstNumber;
            } else {
                throw new InvalidConfigException("Split/fold value '" + v + "' of sample " + describe(candidates.get(i))
                        + " is neither train/val/test nor a fold number; correct that row of column '" + s.splitColumn() + "'.");
            }
        }
        if (firstSplit >= 0 && firstNumber >= 0) {
            throw new InvalidConfigException("Column '" + s.splitColumn() + "' mixes split names and fold numbers: sample "
                    + describe(candidates.get(firstSplit)) + " has '" + values.get(firstSplit) + "' but sample "
                    + describe(candidates.get(firstNumber)) + " has '" + values.get(firstNumber) + "'; use one kind throughout.");
        }
        List<List<Split>> out = new ArrayList<>();
        try {
            for (String v : values) {
                out.add(List.of(Split.parse(v)));
            }
            return out;
        } catch (IllegalArgumentException notSplits) {
            out.clear();
        }
        List<Integer> numbers = new ArrayList<>();
        for (String v : values) {
            try {
                numbers.add(Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException("Split/fold value '" + v + "' is neither train/val/test nor a fold number; the column must use one kind throughout.");
            }
        }
        int min = Collections.min(numbers);
        int max = Collections.max(numbers);
        int k = max - min + 1;
        if ((min != 0 && min != 1) || k < 2 || numbers.stream().distinct().count() != k) {
            throw new InvalidConfigException("Fold numbers must be 0..k-1 or 1..k without gaps and k >= 2, got " + new java.util.TreeSet<>(numbers) + ".");
        }
        for (int number : numbers) {
            List<Split> row = new ArrayList<>(k);
            for (int f = 0; f < k; f++) {
                row.add(number - min == f ? Split.TEST : Split.TRAIN);
            }
            out.add(row);
        }
        return out;
    }
}
