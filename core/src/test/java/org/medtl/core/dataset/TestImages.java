package org.medtl.core.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Real image files written by ImageIO for tests. */
public final class TestImages {
    private TestImages() {
    }

    /** RGB image whose pixel (x, y) is (r0 + x, g0 + y, b0) (mod 256). */
    public static BufferedImage rgb(int w, int h, int r0, int g0, int b0) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (((r0 + x) & 0xff) << 16) | (((g0 + y) & 0xff) << 8) | (b0 & 0xff));
            }
        }
        return img;
    }

    /** Grey image: value(x, y) = (x + 2y) mod 256. */
    public static BufferedImage grey8(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, (x + 2 * y) & 0xff);
            }
        }
        return img;
    }

    /** 16-bit grey image: value(x, y) = 257 * ((x + 2y) mod 256), so it scales to the same image as {@link #grey8}. */
    static BufferedImage grey16(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, 257 * ((x + 2 * y) & 0xff));
            }
        }
        return img;
    }

    static BufferedImage rgba(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (0x40 << 24) | ((x & 0xff) << 16) | ((y & 0xff) << 8) | 0x33);
            }
        }
        return img;
    }

    public static Path write(BufferedImage img, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format + " and image type " + img.getType());
        }
        return file;
    }

    static Sample sample(Path file, String label) {
        return new Sample(file.getFileName().toString(), file, "", 0, label, 0, "", List.of());
    }
}
