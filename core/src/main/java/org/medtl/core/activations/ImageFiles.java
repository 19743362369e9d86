package org.medtl.core.activations;

import org.medtl.core.dataset.DecodedImageCache;
import org.medtl.core.dataset.ImagePipeline;
import org.medtl.core.dataset.Interpolation;
import org.medtl.core.dataset.Manifest;
import org.medtl.core.dataset.Preprocessing;
import org.medtl.core.dataset.Sample;
import org.medtl.core.runtime.Progress;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stimulus images for activation extraction, always decoded and preprocessed by the dataset capability's
 * shared {@link ImagePipeline} (grey to three channels, nearest-neighbour resize as in the study, the
 * {@link Preprocessing} presets):
 * <ul>
 *   <li>a folder of PNG/JPEG/BMP/GIF files, sorted by relative path (which is also the id), at their native
 *       size unless a size is given;</li>
 *   <li>a manifest CSV (any source the dataset reader knows: DICOM, NumPy, HDF5, plain images), resized to
 *       the given size.</li>
 * </ul>
 */
public final class ImageFiles {

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private ImageFiles() {
    }

    /**
     * @param size square side to resize to; 0 keeps a folder's native size (a manifest then needs a size)
     */
    public static ImageSource open(Path source, String preprocessing, int size) throws IOException {
        return open(source, preprocessing, size, null, Progress.NONE);
    }

    /**
     * @param cache the decoded-image cache to read the images from (built for all of {@code source}'s images if
     *              needed), or {@code null} to decode every file; a folder at native size is never cached
     */
    public static ImageSource open(Path source, String preprocessing, int size, DecodedImageCache cache, Progress progress)
            throws IOException {
        Preprocessing p = Preprocessing.fromKey(preprocessing);
        if (size < 0) {
            throw new IllegalArgumentException("Image size must be 0 (native) or positive, got " + size + ".");
        }
        if (Files.isDirectory(source)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(source)) {
                files = s.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IOException("Folder " + source + " holds no PNG/JPEG/BMP/GIF images.");
            }
            List<Sample> samples = new ArrayList<>();
            for (Path f : files) {
                String id = source.relativize(f).toString().replace('\\', '/');
                samples.add(new Sample(id, f.toAbsolutePath(), "", 0, "", 0, "", List.of()));
            }
            return size > 0 ? cached(samples, ImagePipeline.of(size, p), cache, progress) : nativeSize(samples, p);
        }
        if (Files.isRegularFile(source) && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            if (size <= 0) {
                throw new IllegalArgumentException("Images from manifest " + source.getFileName() + " need an input size: the dataset"
                        + " pipeline resizes every image to one size. Give --size (or use a model folder with an input size).");
            }
            return cached(Manifest.read(source).samples(), ImagePipeline.of(size, p), cache, progress);
        }
        if (!Files.exists(source)) {
            throw new IOException("Images " + source + " does not exist; check the path (expected a folder of images or a manifest .csv).");
        }
        throw new IOException("Images " + source + " is neither a folder nor a manifest .csv file.");
    }

    private static ImageSource cached(List<Sample> samples, ImagePipeline pipeline, DecodedImageCache cache, Progress progress)
            throws IOException {
        return manifest(samples, cache == null ? pipeline : cache.attach(pipeline, samples, progress));
    }

    /** Samples (e.g. one fold's evaluation split of a manifest) through one pipeline. */
    public static ImageSource manifest(List<Sample> samples, ImagePipeline pipeline) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("The selection holds no samples.");
        }
        return new ImageSource() {
            @Override
            public int size() {
                return samples.size();
            }

            @Override
            public String id(int index) {
                return samples.get(index).id();
            }

            @Override
            public Image load(int index) throws IOException {
                return new Image(pipeline.height(), pipeline.width(), pipeline.tensor(samples.get(index)));
            }
        };
    }

    /** Plain image files fed at their own size (the pipeline's resize to the same size is the identity). */
    private static ImageSource nativeSize(List<Sample> samples, Preprocessing p) {
        Map<Long, ImagePipeline> pipelines = new HashMap<>();
        return new ImageSource() {
            @Override
            public int size() {
                return samples.size();
            }

            @Override
            public String id(int index) {
                return samples.get(index).id();
            }

            @Override
            public Image load(int index) throws IOException {
                Path f = samples.get(index).file();
                int[] hw = dimensions(f);
                ImagePipeline pipe = pipelines.computeIfAbsent(((long) hw[0] << 32) | hw[1],
                        k -> new ImagePipeline(hw[0], hw[1], Interpolation.NEAREST, p, null, null));
                return new Image(hw[0], hw[1], pipe.tensor(samples.get(index)));
            }
        };
    }

    /** Height and width from the image header, without decoding the pixels. */
    static int[] dimensions(Path f) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("Image " + f + " is not in a format ImageIO reads (PNG, JPEG, BMP, GIF).");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in);
                return new int[] {r.getHeight(0), r.getWidth(0)};
            } finally {
                r.dispose();
            }
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }
}
