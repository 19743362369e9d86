package org.medtl.core.dataset.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic SYNTHETIC image tasks for the quick study and for tests; no download, nothing real.
 * Every image is a function of (task, seed, index) only, so any subset can be regenerated exactly.
 * <ul>
 *   <li>{@link #NATURAL}: a stand-in for ImageNet as a source task — colour textures and objects
 *       (stripes, checkerboard, rings, blobs) on coloured backgrounds, 4 classes;</li>
 *   <li>{@link #RADIOLOGY}: a stand-in for RadImageNet — grey, X-ray-like chest fields (two dark lung
 *       lobes in a bright body) that are clear, carry a bright nodule, or a lower-lobe opacity, 3 classes;</li>
 *   <li>{@link #ULTRASOUND}: the target task — grey B-mode-like frames with multiplicative speckle and a
 *       hypoechoic lesion, benign (round/oval, smooth margin) vs malignant (irregular, spiculated
 *       margin), 2 classes, two frames per synthetic patient so that group folds matter.</li>
 * </ul>
 */
public enum SyntheticTask {
    NATURAL("synthetic-natural", List.of("stripes", "checker", "rings", "blobs"), false),
    RADIOLOGY("synthetic-radiology", List.of("clear", "nodule", "opacity"), true),
    ULTRASOUND("synthetic-ultrasound", List.of("benign", "malignant"), true);

    private final String key;
    private final List<String> classes;
    private final boolean grey;

    SyntheticTask(String key, List<String> classes, boolean grey) {
        this.key = key;
        this.classes = classes;
        this.grey = grey;
    }

    /** Preset name, e.g. {@code synthetic-ultrasound}. */
    public String key() {
        return key;
    }

    public List<String> classes() {
        return classes;
    }

    public static SyntheticTask fromKey(String key) {
        for (SyntheticTask t : values()) {
            if (t.key.equals(key.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown synthetic task '" + key + "': use synthetic-natural, synthetic-radiology or synthetic-ultrasound.");
    }

    /** Class index of sample {@code index}: balanced, cycling through the classes. */
    public int labelOf(int index) {
        return index % classes.size();
    }

    /** Synthetic patient of sample {@code index}; two consecutive frames per patient for the ultrasound task. */
    public String patientOf(int index) {
        return this == ULTRASOUND ? String.format(Locale.ROOT, "synth-p%05d", index / (2 * classes.size()) * classes.size() + labelOf(index))
                : String.format(Locale.ROOT, "synth-%05d", index);
    }

    /** Renders sample {@code index} of size {@code size} x {@code size}; grey tasks give TYPE_BYTE_GRAY images. */
    public BufferedImage render(long seed, int index, int size) {
        Random r = new Random(seed * 1_000_003L + index * 7_919L + ordinal());
        int label = labelOf(index);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        switch (this) {
            case NATURAL -> natural(g, r, label, size);
            case RADIOLOGY -> radiology(g, r, label, size);
            case ULTRASOUND -> ultrasound(g, r, label, size);
            default -> throw new AssertionError(this);
        }
        g.dispose();
        if (this == ULTRASOUND) {
            speckle(img, r);
        } else if (this == RADIOLOGY) {
            noise(img, r, 6);
        } else {
            noise(img, r, 10);
        }
        return grey ? toGrey(img) : img;
    }

    private static Color randomColour(Random r) {
        return Color.getHSBColor(r.nextFloat(), 0.5f + 0.5f * r.nextFloat(), 0.4f + 0.6f * r.nextFloat());
    }

    private static void natural(Graphics2D g, Random r, int label, int s) {
        g.setColor(randomColour(r));
        g.fillRect(0, 0, s, s);
        Color fg = randomColour(r);
        g.setColor(fg);
        switch (label) {
            case 0 -> { // stripes at a random angle
                g.rotate(r.nextDouble() * Math.PI, s / 2.0, s / 2.0);
                int period = 4 + r.nextInt(5);
                for (int x = -s; x < 2 * s; x += period) {
                    g.fillRect(x, -s, period / 2, 3 * s);
                }
            }
            case 1 -> { // checkerboard
                int cell = 4 + r.nextInt(6);
                for (int y = 0; y < s; y += cell) {
                    for (int x = 0; x < s; x += cell) {
                        if (((x / cell) + (y / cell)) % 2 == 0) {
                            g.fillRect(x, y, cell, cell);
                        }
                    }
                }
            }
            case 2 -> { // concentric rings
                double cx = s * (0.3 + 0.4 * r.nextDouble());
                double cy = s * (0.3 + 0.4 * r.nextDouble());
                g.setStroke(new BasicStroke(1.5f + r.nextFloat() * 2));
                for (double rad = 3; rad < s; rad += 5 + r.nextInt(3)) {
                    g.draw(new Ellipse2D.Double(cx - rad, cy - rad, 2 * rad, 2 * rad));
                }
            }
            default -> { // scattered blobs
                int n = 5 + r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    g.setColor(randomColour(r));
                    double d = s * (0.08 + 0.12 * r.nextDouble());
                    g.fill(new Ellipse2D.Double(r.nextDouble() * (s - d), r.nextDouble() * (s - d), d, d));
                }
            }
        }
    }

    private static void radiology(Graphics2D g, Random r, int label, int s) {
        g.setColor(new Color(20, 20, 20));
        g.fillRect(0, 0, s, s);
        int body = 150 + r.nextInt(40);
        g.setColor(new Color(body, body, body));
        g.fill(new Ellipse2D.Double(s * 0.08, s * 0.05, s * 0.84, s * 0.95));
        int lung = 50 + r.nextInt(30);
        g.setColor(new Color(lung, lung, lung));
        double w = s * (0.28 + 0.04 * r.nextDouble());
        double h = s * (0.55 + 0.1 * r.nextDouble());
        g.fill(new Ellipse2D.Double(s * 0.17, s * 0.2, w, h));
        g.fill(new Ellipse2D.Double(s * 0.83 - w, s * 0.2, w, h));
        if (label == 1) { // bright nodule inside one lung
            double d = s * (0.07 + 0.05 * r.nextDouble());
            double x = r.nextBoolean() ? s * 0.2 + r.nextDouble() * (w - d) : s * 0.83 - w + r.nextDouble() * (w - d);
            double y = s * 0.25 + r.nextDouble() * (h * 0.7);
            g.setColor(new Color(215, 215, 215));
            g.fill(new Ellipse2D.Double(x, y, d, d));
        } else if (label == 2) { // lower-lobe opacity
            g.setColor(new Color(body - 20, body - 20, body - 20));
            double top = s * 0.2 + h * (0.55 + 0.2 * r.nextDouble());
            g.fillRect((int) (s * 0.15), (int) top, (int) (s * 0.7), (int) (s * 0.8 - top + s * 0.1));
        }
    }

    private static void ultrasound(Graphics2D g, Random r, int label, int s) {
        // Fan-free B-mode look: brighter near field, darker far field.
        for (int y = 0; y < s; y++) {
            int v = (int) (150 - 70.0 * y / s);
            g.setColor(new Color(v, v, v));
            g.drawLine(0, y, s, y);
        }
        double cx = s * (0.35 + 0.3 * r.nextDouble());
        double cy = s * (0.35 + 0.3 * r.nextDouble());
        double rad = s * (0.14 + 0.08 * r.nextDouble());
        Path2D.Double lesion = new Path2D.Double();
        int points = 48;
        double aspect = 0.75 + 0.4 * r.nextDouble();
        double spikes = 5 + r.nextInt(6);
        double phase = r.nextDouble() * Math.PI * 2;
        for (int i = 0; i < points; i++) {
            double a = 2 * Math.PI * i / points;
            double rr = rad;
            if (label == 1) { // malignant: irregular, spiculated margin
                rr *= 1 + 0.35 * Math.sin(spikes * a + phase) * (0.6 + 0.4 * r.nextDouble()) + 0.15 * (r.nextDouble() - 0.5);
            }
            double x = cx + rr * Math.cos(a);
            double y = cy + rr * Math.sin(a) * aspect;
            if (i == 0) {
                lesion.moveTo(x, y);
            } else {
                lesion.lineTo(x, y);
            }
        }
        lesion.closePath();
        int dark = 35 + r.nextInt(20);
        g.setColor(new Color(dark, dark, dark));
        g.fill(lesion);
        if (label == 0) { // benign lesions often show posterior acoustic enhancement
            g.setColor(new Color(255, 255, 255, 40));
            g.fillRect((int) (cx - rad), (int) (cy + rad * aspect), (int) (2 * rad), (int) (s - cy));
        } else { // malignant: posterior shadowing
            g.setColor(new Color(0, 0, 0, 50));
            g.fillRect((int) (cx - rad), (int) (cy + rad * aspect), (int) (2 * rad), (int) (s - cy));
        }
    }

    /** Multiplicative Rayleigh speckle, the defining texture of ultrasound. */
    private static void speckle(BufferedImage img, Random r) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = img.getRGB(x, y) & 0xff;
                double u = Math.max(1e-9, r.nextDouble());
                double rayleigh = Math.sqrt(-2 * Math.log(u)) / Math.sqrt(Math.PI / 2); // mean 1
                int s = clamp((int) Math.round(v * rayleigh));
                img.setRGB(x, y, (s << 16) | (s << 8) | s);
            }
        }
    }

    private static void noise(BufferedImage img, Random r, double sigma) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int rr = clamp((int) Math.round(((rgb >> 16) & 0xff) + sigma * r.nextGaussian()));
                int gg = clamp((int) Math.round(((rgb >> 8) & 0xff) + sigma * r.nextGaussian()));
                int bb = clamp((int) Math.round((rgb & 0xff) + sigma * r.nextGaussian()));
                img.setRGB(x, y, (rr << 16) | (gg << 8) | bb);
            }
        }
    }

    private static BufferedImage toGrey(BufferedImage rgb) {
        BufferedImage grey = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int p = rgb.getRGB(x, y);
                int v = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
                grey.getRaster().setSample(x, y, 0, v);
            }
        }
        return grey;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
