package org.medtl.core.dataset;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DICOM frames on the display scale: stored values -> modality transform (rescale slope/intercept, PS3.3
 * C.11.1) -> VOI window (the one given in the settings, else the file's first Window Center/Width, else the
 * frame's own value range) -> MONOCHROME1 inverted. Colour frames are scaled from Bits Stored to 0-255.
 */
final class DicomImages {
    private DicomImages() {
    }

    private static final Map<String, SoftReference<DicomFile>> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SoftReference<DicomFile>> eldest) {
            return size() > 4;
        }
    };

    /** Parsed file, cached briefly so that the frames of one multi-frame file are not parsed once each. */
    static DicomFile parse(Path file) throws IOException {
        String key = file.toAbsolutePath() + "@" + Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
        synchronized (CACHE) {
            SoftReference<DicomFile> ref = CACHE.get(key);
            DicomFile hit = ref == null ? null : ref.get();
            if (hit != null) {
                return hit;
            }
        }
        DicomFile d = DicomFile.read(file);
        synchronized (CACHE) {
            CACHE.put(key, new SoftReference<>(d));
        }
        return d;
    }

    static int frameCount(Path file) throws IOException {
        DicomFile d = parse(file);
        d.checkImage();
        return d.frames;
    }

    static Pixels readFrame(Path file, int frame, Window window) throws IOException {
        DicomFile d = parse(file);
        return toDisplay(d, d.storedValues(frame), window, d.columns, d.rows, null);
    }

    /** A frame already resized by nearest neighbour to {@code height x width}: only the sampled pixels are read. */
    static Pixels readFrameSampled(Path file, int frame, Window window, int height, int width) throws IOException {
        DicomFile d = parse(file);
        int[] stored = d.storedSampled(frame, Interpolation.nearestIndex(d.rows, height), Interpolation.nearestIndex(d.columns, width));
        int[] range = d.samplesPerPixel == 1 && window == null && fileWindow(d) == null ? d.storedRange(frame) : null;
        return toDisplay(d, stored, window, width, height, range);
    }

    /**
     * @param range stored minimum and maximum of the whole frame for the value-range stretch, or {@code null} to take
     *              them from {@code stored} (which then must be the whole frame)
     */
    static Pixels toDisplay(DicomFile d, int[] stored, Window window, int w, int h, int[] range) throws IOException {
        float[] out = new float[stored.length];
        if (d.samplesPerPixel == 3) {
            float scale = d.bitsStored <= 8 ? 1f : 255f / ((1L << d.bitsStored) - 1);
            for (int i = 0; i < stored.length; i++) {
                out[i] = Math.max(0, Math.min(255, stored[i] * scale));
            }
            return new Pixels(w, h, 3, out);
        }
        double slope = d.rescaleSlope;
        double intercept = d.rescaleIntercept;
        Window win = window != null ? window : fileWindow(d);
        if (win == null) {
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            if (range != null) {
                min = range[0];
                max = range[1];
            } else {
                for (int v : stored) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            // The stretch of the modality values equals the stretch of the stored values (a linear map), up to its sign.
            double scale = max > min ? 255.0 / (max - min) : 0;
            boolean flip = slope < 0;
            for (int i = 0; i < out.length; i++) {
                double y = (stored[i] - min) * scale;
                out[i] = (float) (flip ? 255 - y : y);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = win.apply(stored[i] * slope + intercept);
            }
        }
        if (d.photometric.equals("MONOCHROME1")) {
            for (int i = 0; i < out.length; i++) {
                out[i] = 255f - out[i];
            }
        }
        return new Pixels(w, h, 1, out);
    }

    static double[] modality(DicomFile d, int[] stored) {
        double[] m = new double[stored.length];
        for (int i = 0; i < stored.length; i++) {
            m[i] = stored[i] * d.rescaleSlope + d.rescaleIntercept;
        }
        return m;
    }

    /** The file's first window, or {@code null} when it has none usable. */
    static Window fileWindow(DicomFile d) {
        if (d.windowCenter.length > 0 && d.windowWidth.length > 0 && d.windowWidth[0] >= 1) {
            return new Window(d.windowCenter[0], d.windowWidth[0]);
        }
        return null;
    }
}
