package org.medtl.core.dataset;

import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The one way every node turns a sample into a network input: decode -> DICOM modality/VOI transform ->
 * resize -> rounded to 8 bits ({@link DecodedImage}; read from the decoded-image cache when one is attached) ->
 * optional per-sample transform (augmentation) on the 0-255 image -> grey to three channels, channel order and
 * normalisation ({@link Preprocessing}) -> CHW float tensor.
 *
 * <p>Grey is replicated to three channels after resizing rather than before: every interpolation here works on
 * each channel alone, so the result is the same and a third of the work.</p>
 *
 * <p>Immutable and thread-safe; {@link #batches} decodes on worker threads ahead of use.</p>
 */
public final class ImagePipeline {

    private final int height;
    private final int width;
    private final Interpolation interpolation;
    private final Preprocessing preprocessing;
    private final Window window;
    private final SampleTransform transform;
    private final DecodedImageStore cache;

    /**
     * @param window    VOI window for DICOM, or {@code null} for the file's own (or the frame's value range)
     * @param transform per-sample transform on the resized 0-255 RGB image, or {@code null}
     */
    public ImagePipeline(int height, int width, Interpolation interpolation, Preprocessing preprocessing, Window window,
                         SampleTransform transform) {
        this(height, width, interpolation, preprocessing, window, transform, null);
    }

    private ImagePipeline(int height, int width, Interpolation interpolation, Preprocessing preprocessing, Window window,
                          SampleTransform transform, DecodedImageStore cache) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("Input size must be at least 1x1, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        this.interpolation = Objects.requireNonNull(interpolation, "interpolation");
        this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
        this.window = window;
        this.transform = transform;
        this.cache = cache;
        if (cache != null && !cache.decodeKey().equals(decodeKey())) {
            throw new IllegalArgumentException("The decoded-image cache " + cache.file() + " holds images decoded as "
                    + cache.decodeKey() + ", not as this pipeline decodes them (" + decodeKey() + ").");
        }
    }

    /** Square input, nearest-neighbour resize (the study's), file windows, no transform. */
    public static ImagePipeline of(int size, Preprocessing preprocessing) {
        return new ImagePipeline(size, size, Interpolation.NEAREST, preprocessing, null, null);
    }

    public ImagePipeline withInterpolation(Interpolation i) {
        return new ImagePipeline(height, width, i, preprocessing, window, transform, null);
    }

    public ImagePipeline withWindow(Window w) {
        return new ImagePipeline(height, width, interpolation, preprocessing, w, transform, null);
    }

    /** The same pipeline with a per-sample transform (for training batches); {@code null} removes it. */
    public ImagePipeline withTransform(SampleTransform t) {
        return new ImagePipeline(height, width, interpolation, preprocessing, window, t, cache);
    }

    /**
     * The same pipeline reading decoded images from {@code store} (samples it does not hold are decoded from their
     * files as before); {@code null} decodes every time. The store must have been built with this pipeline's
     * {@link #decodeKey()}.
     */
    public ImagePipeline withCache(DecodedImageStore store) {
        return new ImagePipeline(height, width, interpolation, preprocessing, window, transform, store);
    }

    /** The decoded-image cache this pipeline reads from, or {@code null}. */
    public DecodedImageStore cache() {
        return cache;
    }

    /**
     * Everything before augmentation and normalisation that decides a decoded image's bytes besides the file:
     * size, resize method and VOI window (part of the decoded-image cache's fingerprint).
     */
    public String decodeKey() {
        return height + "x" + width + "," + interpolation.key() + ",window=" + (window == null ? "file" : window.toString());
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public Interpolation interpolation() {
        return interpolation;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** Floats per sample in a tensor: 3 * height * width. */
    public int tensorSize() {
        return 3 * height * width;
    }

    /**
     * The resized image as interleaved RGB on 0-255 ({@code [(y*width + x)*3 + c]}), before any transform and
     * normalisation: what thumbnails show and what augmentation starts from.
     */
    public float[] image(Sample sample) throws ImageReadException {
        Pixels p = interpolation == Interpolation.NEAREST ? SampleDecoder.decode(sample, window, height, width)
                : SampleDecoder.decode(sample, window);
        float[] resized = interpolation.resize(p.data(), p.height(), p.width(), p.channels(), height, width);
        if (p.channels() == 3) {
            return resized;
        }
        float[] rgb = new float[resized.length * 3];
        for (int i = 0, o = 0; i < resized.length; i++) {
            float v = resized[i];
            rgb[o++] = v;
            rgb[o++] = v;
            rgb[o++] = v;
        }
        return rgb;
    }

    /**
     * The sample as the network's input is made from it: decoded, resized and rounded to 8 bits, grey kept as one
     * channel; from the decoded-image cache when it holds the sample, otherwise from the file (the same bytes).
     */
    public DecodedImage decoded(Sample sample) throws ImageReadException {
        if (cache != null) {
            DecodedImage cached = cache.get(sample);
            if (cached != null) {
                return cached;
            }
        }
        return decodeFromFile(sample);
    }

    /** {@link #decoded} without the cache: what the cache stores for the sample. */
    DecodedImage decodeFromFile(Sample sample) throws ImageReadException {
        Pixels p = interpolation == Interpolation.NEAREST ? SampleDecoder.decode(sample, window, height, width)
                : SampleDecoder.decode(sample, window);
        float[] resized = interpolation.resize(p.data(), p.height(), p.width(), p.channels(), height, width);
        return DecodedImage.quantise(resized, height, width, p.channels());
    }

    /**
     * A PNG thumbnail of the sample as this pipeline sees it before normalisation (for the reader's optional
     * thumbnail column), at the pipeline's height and width: use {@code ImagePipeline.of(64, ...)} for 64x64 thumbnails.
     */
    public byte[] thumbnailPng(Sample sample) throws ImageReadException {
        float[] rgb = image(sample);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[width * height];
        for (int p = 0; p < argb.length; p++) {
            int r = Math.round(Math.max(0, Math.min(255, rgb[p * 3])));
            int g = Math.round(Math.max(0, Math.min(255, rgb[p * 3 + 1])));
            int b = Math.round(Math.max(0, Math.min(255, rgb[p * 3 + 2])));
            argb[p] = (r << 16) | (g << 8) | b;
        }
        img.setRGB(0, 0, width, height, argb, 0, width);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, "png", out);
        } catch (java.io.IOException e) {
            throw new ImageReadException(sample.file(), "", "cannot encode the thumbnail: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The network input of one sample without the transform: CHW floats, length {@link #tensorSize()}. */
    public float[] tensor(Sample sample) throws ImageReadException {
        float[] out = new float[tensorSize()];
        tensor(sample, null, out, 0);
        return out;
    }

    /**
     * Writes one sample's network input into {@code dst} at {@code offset}.
     *
     * @param random drives the transform; {@code null} skips the transform (evaluation)
     */
    public void tensor(Sample sample, Random random, float[] dst, int offset) throws ImageReadException {
        DecodedImage image = decoded(sample);
        if (transform != null && random != null) {
            transform.applyInto(image, random, preprocessing, dst, offset);
        } else {
            preprocessing.apply(image, dst, offset);
        }
    }

    /**
     * Batches of {@code samples} in the given order, decoded on {@code threads} worker threads at most
     * {@code 2 * threads} batches ahead. The transform (if any) gets, for the sample at position {@code i}, a
     * {@link Random} seeded from {@code (seed, i)}: the same seed reproduces the same augmented batches.
     * Close the iterator (try-with-resources) to stop the workers early.
     */
    public BatchIterator batches(List<Sample> samples, int batchSize, int threads, long seed) {
        return new BatchIterator(this, samples, batchSize, threads, 2 * Math.max(1, threads), seed);
    }

    /** The seed of the transform's random source for the sample at {@code position} of a pass seeded {@code seed}. */
    static long sampleSeed(long seed, int position) {
        long z = seed * 0x9E3779B97F4A7C15L + position * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "ImagePipeline[" + height + "x" + width + ", " + interpolation.key() + ", " + preprocessing.key()
                + (window == null ? "" : ", window " + window) + (transform == null ? "" : ", with transform")
                + (cache == null ? "" : ", cached") + "]";
    }
}
