package org.medtl.core.training;

import org.medtl.core.dataset.DecodedImage;
import org.medtl.core.dataset.Preprocessing;
import org.medtl.core.dataset.SampleTransform;

import java.util.Random;

/**
 * The study's training augmentation with the semantics of Keras {@code ImageDataGenerator(rotation_range=10,
 * width_shift_range=0.1, height_shift_range=0.1, shear_range=0.1, zoom_range=0.1, fill_mode='nearest',
 * horizontal_flip=...)} (keras.preprocessing.image, TF 2.8 as pinned by the study's {@code conda.yaml}):
 * <ul>
 *   <li>rotation theta ~ U(-10, 10) degrees; height shift tx ~ U(-0.1, 0.1) * rows; width shift
 *       ty ~ U(-0.1, 0.1) * columns; shear ~ U(-0.1, 0.1) <em>degrees</em> (Keras converts
 *       {@code shear_range} with {@code deg2rad}, so the study's 0.1 is a tenth of a degree);
 *       zoom zx, zy ~ U(0.9, 1.1) drawn independently; flip with probability 1/2;</li>
 *   <li>the matrix rotation . shift . shear . zoom, re-centred on ((rows-1)/2, (cols-1)/2), maps output
 *       (row, col) to input (row, col) as {@code scipy.ndimage.affine_transform} does;</li>
 *   <li>bilinear interpolation ({@code order=1}) with coordinates clamped to the image
 *       ({@code mode='nearest'}), each channel alone; the flip of the columns comes after the affine map.</li>
 * </ul>
 * It runs as the shared image pipeline's per-sample transform, on the resized 0-255 image before
 * normalisation, as Keras applies {@code random_transform} before {@code preprocessing_function}. The
 * {@link Random} is the pipeline's per-sample source, seeded from (run seed, epoch, position).
 */
public final class Augmentation implements SampleTransform {

    static final double ROTATION_DEGREES = 10;
    static final double SHIFT = 0.1;
    static final double SHEAR_DEGREES = 0.1;
    static final double ZOOM = 0.1;

    private final boolean horizontalFlip;

    /** @param horizontalFlip random horizontal flips (the study turns them off for chest X-rays) */
    public Augmentation(boolean horizontalFlip) {
        this.horizontalFlip = horizontalFlip;
    }

    /** One draw of the random transform, in Keras's order. */
    record Parameters(double thetaDegrees, double tx, double ty, double shearDegrees, double zx, double zy, boolean flip) {
    }

    Parameters draw(Random r, int rows, int cols) {
        double theta = uniform(r, -ROTATION_DEGREES, ROTATION_DEGREES);
        double tx = uniform(r, -SHIFT, SHIFT) * rows;
        double ty = uniform(r, -SHIFT, SHIFT) * cols;
        double shear = uniform(r, -SHEAR_DEGREES, SHEAR_DEGREES);
        double zx = uniform(r, 1 - ZOOM, 1 + ZOOM);
        double zy = uniform(r, 1 - ZOOM, 1 + ZOOM);
        boolean flip = r.nextDouble() < 0.5 && horizontalFlip;
        return new Parameters(theta, tx, ty, shear, zx, zy, flip);
    }

    @Override
    public void apply(float[] rgb, int height, int width, Random random) {
        apply(rgb, height, width, 3, draw(random, height, width));
    }

    /** Applies given parameters to an interleaved image with {@code channels} channels, in place. */
    static void apply(float[] image, int rows, int cols, int channels, Parameters p) {
        double[] m = matrix(p, rows, cols);
        float[] src = image.clone();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double inR = clamp(m[0] * r + m[1] * c + m[2], rows - 1);
                double inC = clamp(m[3] * r + m[4] * c + m[5], cols - 1);
                int r0 = (int) Math.floor(inR);
                int c0 = (int) Math.floor(inC);
                int r1 = Math.min(r0 + 1, rows - 1);
                int c1 = Math.min(c0 + 1, cols - 1);
                double fr = inR - r0;
                double fc = inC - c0;
                int outCol = p.flip() ? cols - 1 - c : c;
                for (int ch = 0; ch < channels; ch++) {
                    double v = (1 - fr) * ((1 - fc) * src[(r0 * cols + c0) * channels + ch] + fc * src[(r0 * cols + c1) * channels + ch])
                            + fr * ((1 - fc) * src[(r1 * cols + c0) * channels + ch] + fc * src[(r1 * cols + c1) * channels + ch]);
                    image[(r * cols + outCol) * channels + ch] = (float) v;
                }
            }
        }
    }

    /**
     * The training feed's path: one draw, the composed affine map inverse-mapped per output pixel, bilinear on the
     * 8-bit pixels, normalised and written straight into the batch's CHW floats. Same draws, same coordinates and
     * the same arithmetic in the same order as {@link #apply(float[], int, int, int, Parameters)} followed by
     * {@link Preprocessing#apply}, so it gives the same floats bit for bit on an 8-bit image; it only skips the
     * copies and, for grey images, interpolates one channel instead of three identical ones.
     */
    @Override
    public void applyInto(DecodedImage image, Random random, Preprocessing preprocessing, float[] dst, int offset) {
        applyInto(image, draw(random, image.height(), image.width()), preprocessing, dst, offset);
    }

    static void applyInto(DecodedImage image, Parameters p, Preprocessing preprocessing, float[] dst, int offset) {
        int rows = image.height();
        int cols = image.width();
        int channels = image.channels();
        int plane = rows * cols;
        byte[] src = image.data();
        double[] m = matrix(p, rows, cols);
        double m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5];
        int lastRow = rows - 1;
        int lastCol = cols - 1;
        boolean flip = p.flip();
        // Normalisation constants as locals: Preprocessing.normalise's formula, (v * scale - mean) * (1 / divisor).
        float[] mean = new float[3];
        float[] inv = new float[3];
        for (int k = 0; k < 3; k++) {
            mean[k] = preprocessing.mean()[k];
            inv[k] = preprocessing.inverseDivisor(k);
        }
        float scale = preprocessing.inputScale();
        float mean0 = mean[0], mean1 = mean[1], mean2 = mean[2], inv0 = inv[0], inv1 = inv[1], inv2 = inv[2];
        int s0 = channels == 1 ? 0 : preprocessing.sourceChannel(0);
        int s1 = channels == 1 ? 0 : preprocessing.sourceChannel(1);
        int s2 = channels == 1 ? 0 : preprocessing.sourceChannel(2);
        int o0 = offset;
        int o1 = offset + plane;
        int o2 = offset + 2 * plane;
        for (int r = 0; r < rows; r++) {
            double rowR = m0 * r;
            double rowC = m3 * r;
            int outRow = r * cols;
            for (int c = 0; c < cols; c++) {
                double inR = rowR + m1 * c + m2;
                double inC = rowC + m4 * c + m5;
                inR = inR < 0 ? 0 : Math.min(inR, lastRow);
                inC = inC < 0 ? 0 : Math.min(inC, lastCol);
                // Clamped to >= 0, so truncation is floor (and much cheaper than Math.floor).
                int r0 = (int) inR;
                int c0 = (int) inC;
                int r1 = r0 < lastRow ? r0 + 1 : lastRow;
                int c1 = c0 < lastCol ? c0 + 1 : lastCol;
                double fr = inR - r0;
                double fc = inC - c0;
                double w00 = 1 - fr;
                double w01 = 1 - fc;
                int i00 = (r0 * cols + c0) * channels;
                int i01 = (r0 * cols + c1) * channels;
                int i10 = (r1 * cols + c0) * channels;
                int i11 = (r1 * cols + c1) * channels;
                int out = outRow + (flip ? lastCol - c : c);
                if (channels == 1) {
                    float v = (float) (w00 * (w01 * (src[i00] & 0xFF) + fc * (src[i01] & 0xFF))
                            + fr * (w01 * (src[i10] & 0xFF) + fc * (src[i11] & 0xFF)));
                    float sv = v * scale;
                    dst[o0 + out] = (sv - mean0) * inv0;
                    dst[o1 + out] = (sv - mean1) * inv1;
                    dst[o2 + out] = (sv - mean2) * inv2;
                } else {
                    float v0 = (float) (w00 * (w01 * (src[i00 + s0] & 0xFF) + fc * (src[i01 + s0] & 0xFF))
                            + fr * (w01 * (src[i10 + s0] & 0xFF) + fc * (src[i11 + s0] & 0xFF)));
                    float v1 = (float) (w00 * (w01 * (src[i00 + s1] & 0xFF) + fc * (src[i01 + s1] & 0xFF))
                            + fr * (w01 * (src[i10 + s1] & 0xFF) + fc * (src[i11 + s1] & 0xFF)));
                    float v2 = (float) (w00 * (w01 * (src[i00 + s2] & 0xFF) + fc * (src[i01 + s2] & 0xFF))
                            + fr * (w01 * (src[i10 + s2] & 0xFF) + fc * (src[i11 + s2] & 0xFF)));
                    dst[o0 + out] = (v0 * scale - mean0) * inv0;
                    dst[o1 + out] = (v1 * scale - mean1) * inv1;
                    dst[o2 + out] = (v2 * scale - mean2) * inv2;
                }
            }
        }
    }

    /** Row-major 2x3 matrix mapping output (row, col, 1) to input (row, col). */
    static double[] matrix(Parameters p, int rows, int cols) {
        double theta = Math.toRadians(p.thetaDegrees());
        double[][] t = {{Math.cos(theta), -Math.sin(theta), 0}, {Math.sin(theta), Math.cos(theta), 0}, {0, 0, 1}};
        t = mul(t, new double[][] {{1, 0, p.tx()}, {0, 1, p.ty()}, {0, 0, 1}});
        double shear = Math.toRadians(p.shearDegrees());
        t = mul(t, new double[][] {{1, -Math.sin(shear), 0}, {0, Math.cos(shear), 0}, {0, 0, 1}});
        t = mul(t, new double[][] {{p.zx(), 0, 0}, {0, p.zy(), 0}, {0, 0, 1}});
        double oR = rows / 2.0 - 0.5;
        double oC = cols / 2.0 - 0.5;
        t = mul(mul(new double[][] {{1, 0, oR}, {0, 1, oC}, {0, 0, 1}}, t), new double[][] {{1, 0, -oR}, {0, 1, -oC}, {0, 0, 1}});
        return new double[] {t[0][0], t[0][1], t[0][2], t[1][0], t[1][1], t[1][2]};
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    private static double uniform(Random r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
