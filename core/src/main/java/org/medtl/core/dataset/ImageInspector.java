package org.medtl.core.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** What an image file holds, for {@code ./medtl inspect}: header attributes and value statistics, or the error. */
public final class ImageInspector {
    private ImageInspector() {
    }

    /**
     * Attributes in a fixed order; {@code error} (with the reason) when the file cannot be decoded. Never throws
     * for bad files.
     */
    public static Map<String, Object> inspect(Path file) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.toAbsolutePath().toString());
        try {
            if (!Files.isRegularFile(file)) {
                throw new IOException(Files.isDirectory(file) ? "it is a folder, not an image file" : "the file does not exist");
            }
            out.put("bytes", Files.size(file));
            if (Files.size(file) == 0) {
                throw new IOException("the file is empty (0 bytes)");
            }
            switch (FileKind.of(file)) {
                case DICOM -> dicom(file, out);
                case NPY -> numpy(file, out);
                case RASTER -> raster(file, out);
                case NPZ -> {
                    out.put("format", "NumPy .npz");
                    out.put("entries", NumpyImages.entries(file));
                }
                case HDF5 -> {
                    out.put("format", "HDF5");
                    out.put("x_shape", java.util.Arrays.stream(Hdf5Images.shape(file, "x")).boxed().toList());
                }
            }
        } catch (IOException | RuntimeException e) {
            out.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return out;
    }

    private static void dicom(Path file, Map<String, Object> out) throws IOException {
        out.put("format", "DICOM");
        DicomFile d = DicomFile.read(file);
        out.put("transfer_syntax", d.transferSyntax);
        out.put("transfer_syntax_name", DicomFile.syntaxName(d.transferSyntax));
        out.put("sop_class_uid", d.sopClass);
        out.put("modality", d.modality);
        out.put("rows", present(d.rows));
        out.put("columns", present(d.columns));
        out.put("frames", d.frames);
        out.put("samples_per_pixel", present(d.samplesPerPixel));
        out.put("photometric_interpretation", d.photometric);
        out.put("bits_allocated", present(d.bitsAllocated));
        out.put("bits_stored", present(d.bitsStored));
        out.put("high_bit", present(d.highBit));
        out.put("pixel_representation", d.pixelRepresentation);
        out.put("rescale_slope", d.rescaleSlope);
        out.put("rescale_intercept", d.rescaleIntercept);
        out.put("window_center", d.windowCenter.length == 0 ? null : d.windowCenter[0]);
        out.put("window_width", d.windowWidth.length == 0 ? null : d.windowWidth[0]);
        if (d.hasVoiLutSequence) {
            out.put("note", "the file has a VOI LUT Sequence, which is not applied: the window (file's or setting's) or the value range is used");
        }
        d.checkImage();
        Stats stored = new Stats();
        Stats modality = new Stats();
        for (int f = 0; f < d.frames; f++) {
            int[] v = d.storedValues(f);
            for (int x : v) {
                stored.add(x);
                modality.add(d.samplesPerPixel == 1 ? x * d.rescaleSlope + d.rescaleIntercept : x);
            }
        }
        out.put("stored_values", stored.toMap());
        out.put("modality_values", modality.toMap());
    }

    /** Missing header attributes are null, not -1. */
    private static Integer present(int v) {
        return v < 0 ? null : v;
    }

    private static void numpy(Path file, Map<String, Object> out) throws IOException {
        out.put("format", "NumPy .npy");
        org.medtl.core.io.Npy.Header h = NumpyImages.header(file, "");
        out.put("dtype", h.element().name().toLowerCase(java.util.Locale.ROOT));
        out.put("shape", java.util.Arrays.stream(h.shape()).asLongStream().boxed().toList());
        NumpyImages.Layout layout = NumpyImages.layout(h, file.toString());
        out.put("rows", layout.height());
        out.put("columns", layout.width());
        out.put("frames", layout.count());
        out.put("samples_per_pixel", layout.channels());
        Stats display = new Stats();
        for (int i = 0; i < layout.count(); i++) {
            for (float v : NumpyImages.read(file, "", i).data()) {
                display.add(v);
            }
        }
        out.put("display_values", display.toMap());
    }

    private static void raster(Path file, Map<String, Object> out) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image format this reader knows (PNG, JPEG, BMP, GIF, TIFF, DICOM, .npy, .npz, HDF5)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                out.put("format", reader.getFormatName().toUpperCase(java.util.Locale.ROOT));
                BufferedImage img;
                try {
                    img = reader.read(0);
                } catch (IOException | RuntimeException e) {
                    throw new IOException("cannot decode the image (" + e.getMessage() + "); the file may be truncated or damaged", e);
                }
                Raster r = img.getRaster();
                out.put("rows", img.getHeight());
                out.put("columns", img.getWidth());
                out.put("frames", 1);
                out.put("samples_per_pixel", r.getNumBands());
                out.put("bits_per_sample", r.getSampleModel().getSampleSize(0));
                out.put("color_space", img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY ? "grey" : "colour");
                Stats stored = new Stats();
                int[] row = new int[img.getWidth() * r.getNumBands()];
                for (int y = 0; y < img.getHeight(); y++) {
                    r.getPixels(0, y, img.getWidth(), 1, row);
                    for (int v : row) {
                        stored.add(v);
                    }
                }
                out.put("stored_values", stored.toMap());
            } finally {
                reader.dispose();
            }
        }
    }

    private static final class Stats {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long n;

        void add(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            n++;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("min", n == 0 ? null : min);
            m.put("max", n == 0 ? null : max);
            m.put("mean", n == 0 ? null : sum / n);
            return m;
        }
    }
}
