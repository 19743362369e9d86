package org.medtl.core.dataset;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** Turns a sample reference into display-scale pixels, whatever the file format. */
final class SampleDecoder {
    private SampleDecoder() {
    }

    /**
     * @param window VOI window for DICOM, or {@code null} to use the file's own window (or the frame's range)
     */
    static Pixels decode(Sample sample, Window window) throws ImageReadException {
        return decode(sample, window, 0, 0);
    }

    /**
     * With {@code height, width > 0}, raster images and DICOM frames are returned already resized by nearest
     * neighbour (only the sampled pixels are converted); other kinds are returned at full size either way.
     */
    static Pixels decode(Sample sample, Window window, int height, int width) throws ImageReadException {
        String location = location(sample);
        try {
            return switch (FileKind.of(sample.file())) {
                case RASTER -> {
                    if (sample.index() != 0) {
                        throw new IOException("index " + sample.index() + " given, but the file holds a single image");
                    }
                    yield height > 0 ? RasterImages.readSampled(sample.file(), height, width) : RasterImages.read(sample.file());
                }
                case NPY -> NumpyImages.read(sample.file(), sample.entry(), sample.index());
                case NPZ -> NumpyImages.read(sample.file(), sample.entry(), sample.index());
                case HDF5 -> Hdf5Images.read(sample.file(), sample.entry(), sample.index());
                case DICOM -> height > 0 ? DicomImages.readFrameSampled(sample.file(), sample.index(), window, height, width)
                        : DicomImages.readFrame(sample.file(), sample.index(), window);
            };
        } catch (ImageReadException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new ImageReadException(sample.file(), location, "the file does not exist", e);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage();
            throw new ImageReadException(sample.file(), location, m == null ? e.toString() : m, e);
        }
    }

    static String location(Sample s) {
        if (s.entry().isEmpty()) {
            return s.index() == 0 ? "" : "index " + s.index();
        }
        return "entry '" + s.entry() + "', index " + s.index();
    }
}
