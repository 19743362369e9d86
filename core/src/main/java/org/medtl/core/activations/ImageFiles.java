package org.medtl.core.activations;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Plain PNG/JPEG/BMP/GIF images from a folder (sorted by relative path, which is also the id) or from a
 * manifest CSV with {@code id} and {@code path} columns (paths relative to the CSV's folder), read with
 * ImageIO. Grey images are replicated to three channels; {@code size > 0} resizes with nearest neighbour
 * as the study's Keras code did. Preprocessing presets:
 * <ul>
 *   <li>{@code caffe}: RGB to BGR, subtract [103.939, 116.779, 123.68] on the 0-255 scale (Keras' ImageNet mode);</li>
 *   <li>{@code caffe255}: caffe, then divided by 255 (RadImageNet's own scripts);</li>
 *   <li>{@code torchvision}: scale to [0, 1], subtract [0.485, 0.456, 0.406], divide by [0.229, 0.224, 0.225] (RGB).</li>
 * </ul>
 * DICOM, NumPy and HDF5 sources come through the dataset capability's manifest and pipeline.
 */
public final class ImageFiles implements ImageSource {

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private final List<String> ids;
    private final List<Path> files;
    private final String preprocessing;
    private final int size;

    private ImageFiles(List<String> ids, List<Path> files, String preprocessing, int size) {
        this.ids = ids;
        this.files = files;
        this.preprocessing = preprocessing;
        this.size = size;
        if (!List.of("caffe", "caffe255", "torchvision").contains(preprocessing)) {
            throw new IllegalArgumentException("Preprocessing '" + preprocessing + "' is not one of caffe, caffe255, torchvision.");
        }
        if (size < 0) {
            throw new IllegalArgumentException("Image size must be 0 (native) or positive, got " + size + ".");
        }
    }

    /** A folder of images (recursively) or a manifest CSV. */
    public static ImageFiles open(Path source, String preprocessing, int size) throws IOException {
        if (Files.isDirectory(source)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(source)) {
                files = s.filter(Files::isRegularFile).filter(p -> isImage(p)).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IOException("Folder " + source + " holds no PNG/JPEG/BMP/GIF images.");
            }
            List<String> ids = new ArrayList<>();
            for (Path f : files) {
                ids.add(source.relativize(f).toString().replace('\\', '/'));
            }
            return new ImageFiles(ids, files, preprocessing, size);
        }
        if (Files.isRegularFile(source) && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return fromManifest(source, preprocessing, size);
        }
        throw new IOException("Images '" + source + "' is neither a folder nor a manifest .csv file.");
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static ImageFiles fromManifest(Path csv, String preprocessing, int size) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException("Manifest " + csv + " is empty.");
        }
        List<String> header = splitCsv(lines.get(0));
        int idCol = header.indexOf("id");
        int pathCol = header.indexOf("path");
        if (pathCol < 0) {
            throw new IOException("Manifest " + csv + " has no 'path' column (header: " + lines.get(0) + ").");
        }
        Path base = csv.toAbsolutePath().getParent();
        List<String> ids = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> row = splitCsv(lines.get(i));
            if (row.size() <= pathCol) {
                throw new IOException("Manifest " + csv + ", row " + (i + 1) + ": no value in column 'path'.");
            }
            String p = row.get(pathCol);
            for (String col : List.of("entry", "index")) {
                int c = header.indexOf(col);
                if (c >= 0 && c < row.size() && !row.get(c).isBlank() && !row.get(c).equals("0")) {
                    throw new IOException("Manifest " + csv + ", row " + (i + 1) + ": column '" + col + "' refers into a container;"
                            + " only plain image files are read here. Use the dataset pipeline (Medical Dataset Reader).");
                }
            }
            Path file = base.resolve(p).normalize();
            if (!isImage(file)) {
                throw new IOException("Manifest " + csv + ", row " + (i + 1) + ": " + p + " is not a PNG/JPEG/BMP/GIF image.");
            }
            ids.add(idCol >= 0 && idCol < row.size() && !row.get(idCol).isBlank() ? row.get(idCol) : p);
            files.add(file);
        }
        if (files.isEmpty()) {
            throw new IOException("Manifest " + csv + " lists no images.");
        }
        return new ImageFiles(ids, files, preprocessing, size);
    }

    /** RFC 4180 fields of one line (no line breaks inside quotes). */
    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public String id(int index) {
        return ids.get(index);
    }

    @Override
    public Image load(int index) throws IOException {
        Path f = files.get(index);
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException e) {
            throw new IOException("Image " + f + " cannot be decoded: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IOException("Image " + f + " is not in a format ImageIO reads (PNG, JPEG, BMP, GIF).");
        }
        int h0 = img.getHeight();
        int w0 = img.getWidth();
        int h = size > 0 ? size : h0;
        int w = size > 0 ? size : w0;
        boolean grey = img.getColorModel().getNumColorComponents() == 1;
        float[] out = new float[3 * h * w];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            // nearest neighbour, pixel centres aligned (as PIL's NEAREST used by Keras' load_img)
            int sy = Math.min(h0 - 1, (int) ((y + 0.5) * h0 / h));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(w0 - 1, (int) ((x + 0.5) * w0 / w));
                float r;
                float g;
                float b;
                if (grey) {
                    int v = img.getRaster().getSample(sx, sy, 0);
                    int bits = img.getColorModel().getComponentSize(0);
                    float s = bits > 8 ? v * 255f / ((1 << bits) - 1) : v;
                    r = s;
                    g = s;
                    b = s;
                } else {
                    int rgb = img.getRGB(sx, sy);
                    r = (rgb >> 16) & 0xff;
                    g = (rgb >> 8) & 0xff;
                    b = rgb & 0xff;
                }
                int i = y * w + x;
                switch (preprocessing) {
                    case "caffe", "caffe255" -> {
                        float d = preprocessing.equals("caffe255") ? 255f : 1f;
                        out[i] = (b - 103.939f) / d;
                        out[plane + i] = (g - 116.779f) / d;
                        out[2 * plane + i] = (r - 123.68f) / d;
                    }
                    default -> {
                        out[i] = (r / 255f - 0.485f) / 0.229f;
                        out[plane + i] = (g / 255f - 0.456f) / 0.224f;
                        out[2 * plane + i] = (b / 255f - 0.406f) / 0.225f;
                    }
                }
            }
        }
        return new Image(h, w, out);
    }
}
