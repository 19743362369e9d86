package org.medtl.core.dataset;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.IOException;
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
        return toPixels(decode(file), null, null);
    }

    /** Decodes and takes only the pixels at rows {@code ys} and columns {@code xs} (nearest-neighbour resizing). */
    static Pixels readSampled(Path file, int height, int width) throws IOException {
        BufferedImage image = decode(file);
        return toPixels(image, Interpolation.nearestIndex(image.getHeight(), height), Interpolation.nearestIndex(image.getWidth(), width));
    }

    private static BufferedImage decode(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IOException("the file is empty (0 bytes)");
        }
        BufferedImage image = null;
        // ImageIO's stream factory: with TwelveMonkeys on the class path it is a buffered file stream, a third
        // faster on PNG than the JDK's unbuffered RandomAccessFile stream.
        try (javax.imageio.stream.ImageInputStream in = openStream(file)) {
            java.util.Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (readers.hasNext()) {
                javax.imageio.ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    image = reader.read(0, reader.getDefaultReadParam());
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO reports truncation as IIOException("Error reading PNG image data") or EOFException.
            throw new IOException("cannot decode the image (" + describe(e) + "); the file may be truncated or damaged", e);
        }
        if (image == null) {
            throw new IOException("not an image format this reader knows (PNG, JPEG, BMP, GIF, TIFF, DICOM, .npy, .npz, HDF5)");
        }
        return image;
    }

    private static javax.imageio.stream.ImageInputStream openStream(Path file) throws IOException {
        javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
        return in != null ? in : new javax.imageio.stream.FileImageInputStream(file.toFile());
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /**
     * Grey stays one channel, colour becomes RGB; alpha is dropped without compositing (as PIL's
     * {@code convert("RGB")}); samples of more than 8 bits are scaled linearly to 0-255 (16-bit: / 257).
     * With {@code ys}/{@code xs} only those rows and columns are converted (nearest-neighbour resizing fused
     * into the conversion, so a 512-pixel image costs a 112-pixel conversion); {@code null} converts all.
     */
    static Pixels toPixels(BufferedImage image, int[] ys, int[] xs) throws IOException {
        int w = image.getWidth();
        int h = image.getHeight();
        if (ys == null) {
            ys = identity(h);
            xs = identity(w);
        }
        int ow = xs.length;
        int oh = ys.length;
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int csType = cm.getColorSpace().getType();
        if (cm instanceof IndexColorModel || (csType != ColorSpace.TYPE_GRAY && csType != ColorSpace.TYPE_RGB)
                || raster.getSampleModel().getSampleSize(0) > 16) {
            return sample(fromArgb(image, w, h), ys, xs);
        }
        int bands = raster.getNumBands();
        int channels = csType == ColorSpace.TYPE_GRAY ? 1 : 3;
        if (bands < channels) {
            return sample(fromArgb(image, w, h), ys, xs);
        }
        float[] out = new float[ow * oh * channels];
        if (raster.getDataBuffer() instanceof DataBufferByte db && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0 && db.getNumBanks() == 1
                && sm.getSampleSize(0) == 8) {
            byte[] d = db.getData();
            int pixelStride = sm.getPixelStride();
            int scanline = sm.getScanlineStride();
            int[] offsets = sm.getBandOffsets();
            int o = 0;
            for (int y : ys) {
                int row = y * scanline;
                for (int x : xs) {
                    int p = row + x * pixelStride;
                    for (int c = 0; c < channels; c++) {
                        out[o++] = d[p + offsets[c]] & 0xff;
                    }
                }
            }
            return new Pixels(ow, oh, channels, out);
        }
        int bits = raster.getSampleModel().getSampleSize(0);
        float scale = 255f / ((1 << bits) - 1);
        int[] row = new int[w * bands];
        int o = 0;
        for (int y : ys) {
            raster.getPixels(0, y, w, 1, row);
            for (int x : xs) {
                for (int c = 0; c < channels; c++) {
                    out[o++] = row[x * bands + c] * scale;
                }
            }
        }
        return new Pixels(ow, oh, channels, out);
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static Pixels sample(Pixels p, int[] ys, int[] xs) {
        int c = p.channels();
        float[] out = new float[ys.length * xs.length * c];
        int o = 0;
        for (int y : ys) {
            for (int x : xs) {
                System.arraycopy(p.data(), (y * p.width() + x) * c, out, o, c);
                o += c;
            }
        }
        return new Pixels(xs.length, ys.length, c, out);
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
