package org.medtl.core.dataset;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG, JPEG, BMP, GIF and TIFF through Java's own ImageIO readers. */
final class RasterImages {
    static {
        // The disk cache only slows decoding of files we read once.
        ImageIO.setUseCache(false);
    }

    private RasterImages() {
    }

    static Pixels read(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IOException("the file is empty (0 bytes)");
        }
        BufferedImage image;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            // ImageIO reports truncation as IIOException("Error reading PNG image data") or EOFException.
            throw new IOException("cannot decode the image (" + describe(e) + "); the file may be truncated or damaged", e);
        }
        if (image == null) {
            throw new IOException("not an image format this reader knows (PNG, JPEG, BMP, GIF, TIFF, DICOM, .npy, .npz, HDF5)");
        }
        return toPixels(image);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /**
     * Grey stays one channel, colour becomes RGB; alpha is dropped without compositing (as PIL's
     * {@code convert("RGB")}); samples of more than 8 bits are scaled linearly to 0-255 (16-bit: / 257).
     */
    static Pixels toPixels(BufferedImage image) throws IOException {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int csType = cm.getColorSpace().getType();
        if (cm instanceof IndexColorModel || (csType != ColorSpace.TYPE_GRAY && csType != ColorSpace.TYPE_RGB)
                || raster.getSampleModel().getSampleSize(0) > 16) {
            return fromArgb(image, w, h);
        }
        int bands = raster.getNumBands();
        int channels = csType == ColorSpace.TYPE_GRAY ? 1 : 3;
        if (bands < channels) {
            return fromArgb(image, w, h);
        }
        float[] out = new float[w * h * channels];
        if (raster.getDataBuffer() instanceof DataBufferByte db && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0 && db.getNumBanks() == 1
                && sm.getSampleSize(0) == 8) {
            byte[] d = db.getData();
            int pixelStride = sm.getPixelStride();
            int scanline = sm.getScanlineStride();
            int[] offsets = sm.getBandOffsets();
            int o = 0;
            for (int y = 0; y < h; y++) {
                int row = y * scanline;
                for (int x = 0; x < w; x++) {
                    int p = row + x * pixelStride;
                    for (int c = 0; c < channels; c++) {
                        out[o++] = d[p + offsets[c]] & 0xff;
                    }
                }
            }
            return new Pixels(w, h, channels, out);
        }
        int bits = raster.getSampleModel().getSampleSize(0);
        float scale = 255f / ((1 << bits) - 1);
        int[] row = new int[w * bands];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    out[o++] = row[x * bands + c] * scale;
                }
            }
        }
        return new Pixels(w, h, channels, out);
    }

    /** Palette, CMYK and unusual layouts go through Java2D's conversion to sRGB; grey palettes stay grey. */
    private static Pixels fromArgb(BufferedImage image, int w, int h) {
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        boolean grey = true;
        for (int p : argb) {
            int r = (p >> 16) & 0xff;
            if (r != ((p >> 8) & 0xff) || r != (p & 0xff)) {
                grey = false;
                break;
            }
        }
        if (grey) {
            float[] out = new float[w * h];
            for (int i = 0; i < out.length; i++) {
                out[i] = argb[i] & 0xff;
            }
            return new Pixels(w, h, 1, out);
        }
        float[] out = new float[w * h * 3];
        for (int i = 0, o = 0; i < argb.length; i++) {
            int p = argb[i];
            out[o++] = (p >> 16) & 0xff;
            out[o++] = (p >> 8) & 0xff;
            out[o++] = p & 0xff;
        }
        return new Pixels(w, h, 3, out);
    }
}
