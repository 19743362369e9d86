package org.medtl.core.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Throughput of the shared pipeline (decode + resize + normalise into batches) against plain ImageIO decoding
 * of the same files in the same run. Files are generated (seeded) into a temporary folder and deleted after.
 */
public final class DatasetBenchmark {

    /**
     * One measurement. {@code baseline} is plain decoding of the same files with the same threads. Rows with
     * {@code threads == 0} are CPU-time rates of one thread (images per CPU-second: independent of other load on
     * the machine); the others are wall-clock rates.
     */
    public record Row(String format, int size, int threads, double pipelinePerSecond, double baselinePerSecond) {
        public double ratio() {
            return pipelinePerSecond / baselinePerSecond;
        }
    }

    private DatasetBenchmark() {
    }

    /**
     * @param images  files per format (PNG and JPEG of 512x384 RGB; DICOM 16-bit 512x512)
     * @param rounds  timed passes per measurement, baseline and pipeline alternating (the best of each is kept); one
     *                untimed warm-up pass of each precedes them
     * @param log     progress lines
     */
    public static List<Row> run(int images, int rounds, Consumer<String> log) throws IOException {
        Path dir = Files.createTempDirectory("medtl-bench-dataset");
        try {
            Map<String, List<Sample>> formats = new LinkedHashMap<>();
            Random random = new Random(1);
            for (String format : List.of("png", "jpeg", "dicom16")) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < images; i++) {
                    Path f = dir.resolve(format + "-" + i + (format.equals("dicom16") ? ".dcm" : "." + format));
                    if (format.equals("dicom16")) {
                        writeDicom16(f, 512, 512, random);
                    } else {
                        ImageIO.write(photo(512, 384, random), format, f.toFile());
                    }
                    samples.add(new Sample(f.getFileName().toString(), f, "", 0, "x", 0, "", List.of()));
                }
                formats.put(format, samples);
            }
            log.accept("generated " + images + " files per format in " + dir);
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<String, List<Sample>> e : formats.entrySet()) {
                for (int size : new int[] {112, 224}) {
                    ImagePipeline p = ImagePipeline.of(size, Preprocessing.CAFFE);
                    double baseline = 0;
                    double pipeline = 0;
                    cpuBaseline(e.getValue());
                    cpuPipeline(p, e.getValue());
                    for (int r = 0; r < rounds; r++) {
                        baseline = Math.max(baseline, cpuBaseline(e.getValue()));
                        pipeline = Math.max(pipeline, cpuPipeline(p, e.getValue()));
                    }
                    Row row = new Row(e.getKey(), size, 0, pipeline, baseline);
                    log.accept(String.format(java.util.Locale.ROOT, "%-8s %4d px  CPU time of 1 thread: pipeline %7.1f images/CPU-s, baseline %7.1f, ratio %.2f",
                            row.format(), size, pipeline, baseline, row.ratio()));
                    rows.add(row);
                }
                for (int threads : new int[] {1, 2}) {
                    for (int size : new int[] {112, 224}) {
                        ImagePipeline p = ImagePipeline.of(size, Preprocessing.CAFFE);
                        // Baseline and pipeline passes alternate, so a change in machine load hits both alike.
                        double baseline = 0;
                        double pipeline = 0;
                        baseline(e.getValue(), threads);
                        pipeline(p, e.getValue(), threads);
                        for (int r = 0; r < rounds; r++) {
                            baseline = Math.max(baseline, baseline(e.getValue(), threads));
                            pipeline = Math.max(pipeline, pipeline(p, e.getValue(), threads));
                        }
                        Row row = new Row(e.getKey(), size, threads, pipeline, baseline);
                        log.accept(String.format(java.util.Locale.ROOT, "%-8s %4d px  %d thread(s): pipeline %7.1f images/s, baseline %7.1f images/s, ratio %.2f",
                                row.format(), size, threads, pipeline, baseline, row.ratio()));
                        rows.add(row);
                    }
                }
            }
            return rows;
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private static double cpuPipeline(ImagePipeline p, List<Sample> samples) throws IOException {
        float[] dst = new float[p.tensorSize()];
        long t0 = CPU.getCurrentThreadCpuTime();
        for (Sample s : samples) {
            p.tensor(s, null, dst, 0);
        }
        return samples.size() / ((CPU.getCurrentThreadCpuTime() - t0) / 1e9);
    }

    private static double cpuBaseline(List<Sample> samples) throws IOException {
        long t0 = CPU.getCurrentThreadCpuTime();
        for (Sample s : samples) {
            Path f = s.file();
            if (f.toString().endsWith(".dcm")) {
                Files.readAllBytes(f);
            } else if (ImageIO.read(f.toFile()) == null) {
                throw new IOException("ImageIO cannot read " + f);
            }
        }
        return samples.size() / ((CPU.getCurrentThreadCpuTime() - t0) / 1e9);
    }

    private static double pipeline(ImagePipeline p, List<Sample> samples, int threads) {
        long t0 = System.nanoTime();
        int n = 0;
        try (BatchIterator it = p.batches(samples, 32, threads, 0)) {
            while (it.hasNext()) {
                n += it.next().size();
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** Plain decoding: ImageIO.read for raster files; for DICOM (no ImageIO reader) reading the file's bytes. */
    private static double baseline(List<Sample> samples, int threads) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<Integer>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = t;
                parts.add(pool.submit(() -> {
                    int sum = 0;
                    for (int i = from; i < samples.size(); i += threads) {
                        Path f = samples.get(i).file();
                        if (f.toString().endsWith(".dcm")) {
                            sum += Files.readAllBytes(f).length > 0 ? 1 : 0;
                        } else {
                            BufferedImage img = ImageIO.read(f.toFile());
                            sum += img.getWidth() > 0 ? 1 : 0;
                        }
                    }
                    return sum;
                }));
            }
            int n = 0;
            for (Future<Integer> f : parts) {
                n += f.get();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } catch (Exception e) {
            throw new IOException("baseline decoding failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A smooth colour image with texture and noise, so that PNG and JPEG compress like photographs. */
    static BufferedImage photo(int w, int h, Random random) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = img.getRaster();
        double fx = 0.01 + random.nextDouble() * 0.05;
        double fy = 0.01 + random.nextDouble() * 0.05;
        int[] px = new int[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double base = 128 + 90 * Math.sin(x * fx) * Math.cos(y * fy);
                px[0] = clamp(base + random.nextGaussian() * 12);
                px[1] = clamp(base * 0.8 + 30 + random.nextGaussian() * 12);
                px[2] = clamp(255 - base + random.nextGaussian() * 12);
                r.setPixel(x, y, px);
            }
        }
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, v));
    }

    /** A 16-bit MONOCHROME2 explicit VR little endian file with 12 bits of content and a CT-like rescale. */
    static void writeDicom16(Path f, int rows, int cols, Random random) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(132 + 400 + rows * cols * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.position(128);
        b.put("DICM".getBytes(StandardCharsets.US_ASCII));
        shortElement(b, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0");
        usElement(b, 0x0028, 0x0002, 1);
        shortElement(b, 0x0028, 0x0004, "CS", "MONOCHROME2 ");
        usElement(b, 0x0028, 0x0010, rows);
        usElement(b, 0x0028, 0x0011, cols);
        usElement(b, 0x0028, 0x0100, 16);
        usElement(b, 0x0028, 0x0101, 12);
        usElement(b, 0x0028, 0x0102, 11);
        usElement(b, 0x0028, 0x0103, 0);
        shortElement(b, 0x0028, 0x1050, "DS", "40");
        shortElement(b, 0x0028, 0x1051, "DS", "400 ");
        shortElement(b, 0x0028, 0x1052, "DS", "-1024 ");
        shortElement(b, 0x0028, 0x1053, "DS", "1 ");
        b.putShort((short) 0x7FE0).putShort((short) 0x0010).put("OW".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putInt(rows * cols * 2);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                b.putShort((short) Math.max(0, Math.min(4095, 1024 + 400 * Math.sin(x * 0.03) + random.nextGaussian() * 30)));
            }
        }
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(b.array(), 0, b.position());
        }
    }

    private static void shortElement(ByteBuffer b, int group, int element, String vr, String value) {
        b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII)).putShort((short) value.length());
        b.put(value.getBytes(StandardCharsets.US_ASCII));
    }

    private static void usElement(ByteBuffer b, int group, int element, int value) {
        b.putShort((short) group).putShort((short) element).put("US".getBytes(StandardCharsets.US_ASCII)).putShort((short) 2).putShort((short) value);
    }
}
