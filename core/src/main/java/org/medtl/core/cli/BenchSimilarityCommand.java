package org.medtl.core.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.medtl.core.io.Npy;
import org.medtl.core.similarity.ActivationMatrix;
import org.medtl.core.similarity.MeasureSettings;
import org.medtl.core.similarity.Similarity;
import org.medtl.core.similarity.SimilarityMeasure;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./medtl bench-similarity}: MedTL's measures against NumPy + LAPACK running the reference
 * algorithms (tools/bench_similarity_numpy.py) on the same inputs, in the same run, as ratios.
 */
final class BenchSimilarityCommand implements Command {

    private static final int STUDY_CCAS = 12_250;

    @Override
    public String name() {
        return "bench-similarity";
    }

    @Override
    public String summary() {
        return "benchmark of the similarity measures against NumPy/LAPACK (needs python3 + a google/svcca checkout)";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl bench-similarity --svcca DIR [--python /usr/bin/python3] [--cases study,2048x10000,512x50000]
                                                [--measures cca,svcca,pwcca,cka,cka-debiased] [--study-samples 20]
                                                [--process-repeats 3]

                Generates seeded correlated activations, times each measure in MedTL and in NumPy running the
                reference code (google/svcca's cca_core/pwcca from DIR, Kornblith's CKA formulas) on the same
                float32 inputs, and prints a table with numpy/medtl time ratios and value differences.
                study: 64 neurons x 10,000 points, CCA only; --study-samples CCAs timed on each side and
                extrapolated to the study's 12,250 CCAs. Large cases: every measure once per side; for CKA
                also whole processes, "(process)" rows: ./medtl similarity against a Python process that loads
                the same files with NumPy and computes the float64 formula, alternated --process-repeats times,
                medians of wall time (0 leaves them out).
                Timings on a shared machine are noisy: compare the ratios, which come from the same run.""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOptionsOnly(Set.of("svcca", "python", "cases", "measures", "study-samples", "process-repeats"));
        Path svcca = Path.of(args.require("svcca"));
        if (!Files.isRegularFile(svcca.resolve("cca_core.py"))) {
            throw new Args.UsageException("--svcca " + svcca + " has no cca_core.py (a checkout of google/svcca is needed)");
        }
        String python = args.get("python", "/usr/bin/python3");
        List<String> cases = List.of(args.get("cases", "study,2048x10000,512x50000").split(","));
        List<String> measures = List.of(args.get("measures", "cca,svcca,pwcca,cka,cka-debiased").split(","));
        int samples = args.getInt("study-samples", 20, 1);
        for (String c : cases) {
            if (!c.equals("study") && !c.matches("[1-9]\\d{0,8}x[1-9]\\d{0,8}")) {
                throw new Args.UsageException("--cases: '" + c + "' is neither 'study' nor NEURONSxPOINTS (e.g. 2048x10000)");
            }
        }
        for (String m : measures) {
            try {
                SimilarityMeasure.fromKey(m);
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--measures: " + e.getMessage());
            }
        }
        int processRepeats = args.getInt("process-repeats", 3, 0);
        Path launcher = RunCommand.home().resolve("medtl");
        if (processRepeats > 0 && !Files.isExecutable(launcher)) {
            throw new Args.UsageException("whole-process rows need the ./medtl launcher, not found at " + launcher
                    + ": run from the MedTL checkout or give --process-repeats 0");
        }
        Path script = locateScript();
        Path tmp = Files.createTempDirectory("medtl-bench");
        try {
            warmUp();
            out.printf(Locale.ROOT, "%-12s %-22s %10s %10s %8s %10s %10s %8s %9s%n", "case", "measure", "medtl s", "numpy s", "ratio",
                    "medtl cpu", "numpy cpu", "cpu ratio", "|diff|");
            for (String c : cases) {
                int n;
                int m;
                List<String> ms;
                int reps;
                if (c.equals("study")) {
                    n = 64;
                    m = 10_000;
                    ms = List.of("cca");
                    reps = samples;
                } else {
                    String[] p = c.split("x");
                    n = Integer.parseInt(p[0]);
                    m = Integer.parseInt(p[1]);
                    ms = measures;
                    reps = 1;
                }
                err.println("bench-similarity: case " + c + " (" + n + " neurons x " + m + " points)");
                Path dir = tmp.resolve(c);
                ActivationMatrix[] xy = generate(dir, m, n, 42);
                for (String measure : ms) {
                    MeasureSettings s = MeasureSettings.defaults(SimilarityMeasure.fromKey(measure));
                    double value = 0;
                    if (reps > 1) {
                        // First calls at a new size pay for native allocation and BLAS buffer set-up; the
                        // study's 12,250 CCAs run warm. The NumPy side warms up the same way.
                        Similarity.compute(xy[0], xy[1], s);
                    }
                    long t0 = System.nanoTime();
                    long c0 = cpuNanos();
                    for (int r = 0; r < reps; r++) {
                        value = Similarity.compute(xy[0], xy[1], s).value();
                    }
                    double java = (System.nanoTime() - t0) / 1e9 / reps;
                    double javaCpu = (cpuNanos() - c0) / 1e9 / reps;
                    JsonObject np = numpy(python, script, svcca, dir, measure, reps, err);
                    var secs = np.getAsJsonArray("seconds");
                    double sum = 0;
                    for (var e : secs) {
                        sum += e.getAsDouble();
                    }
                    double numpy = sum / secs.size();
                    double numpyCpu = 0;
                    for (var e : np.getAsJsonArray("cpu_seconds")) {
                        numpyCpu += e.getAsDouble() / secs.size();
                    }
                    double diff = Math.abs(np.get("value").getAsDouble() - value);
                    String label = c.equals("study") ? "cca (1 of " + reps + ")" : measure;
                    out.printf(Locale.ROOT, "%-12s %-22s %10.4f %10.4f %8.2f %10.4f %10.4f %8.2f %9.1e%n", c, label, java, numpy,
                            numpy / java, javaCpu, numpyCpu, numpyCpu / javaCpu, diff);
                    if (c.equals("study")) {
                        out.printf(Locale.ROOT, "%-12s %-22s %10.1f %10.1f %8.2f %10.1f %10.1f %8.2f %9s%n", c, "x 12,250 CCAs",
                                java * STUDY_CCAS, numpy * STUDY_CCAS, numpy / java, javaCpu * STUDY_CCAS, numpyCpu * STUDY_CCAS,
                                numpyCpu / javaCpu, "extrapol.");
                    }
                }
                for (String measure : ms) {
                    if (!c.equals("study") && processRepeats > 0 && measure.startsWith("cka")) {
                        wholeProcess(launcher, python, script, dir, c, measure, processRepeats, out, err);
                    }
                }
                if (!c.equals("study") && ms.size() > 1) {
                    long t0 = System.nanoTime();
                    Similarity.computeAll(xy[0], xy[1], ms.stream().map(k -> MeasureSettings.defaults(SimilarityMeasure.fromKey(k))).toList());
                    out.printf(Locale.ROOT, "%-12s %-22s %10.4f%n", c, "all " + ms.size() + " (shared)", (System.nanoTime() - t0) / 1e9);
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(tmp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /**
     * Whole-process CKA: {@code ./medtl similarity} (JVM start, mapping the files, BLAS loading included) against
     * a Python process loading the same files with NumPy; alternated so that both see the same machine load.
     */
    private static void wholeProcess(Path launcher, String python, Path script, Path dir, String c, String measure, int repeats,
            PrintStream out, PrintStream err) throws IOException, InterruptedException {
        double[] medtl = new double[repeats];
        double[] numpy = new double[repeats];
        double medtlValue = Double.NaN;
        double numpyValue = Double.NaN;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            String json = runProcess(List.of(launcher.toString(), "similarity", "--measure", measure, dir.resolve("x.npy").toString(),
                    dir.resolve("y.npy").toString()), err);
            medtl[r] = (System.nanoTime() - t0) / 1e9;
            medtlValue = JsonParser.parseString(json).getAsJsonObject().get("value").getAsDouble();
            t0 = System.nanoTime();
            json = runProcess(List.of(python, script.toString(), "--process", dir.toString(), measure), err);
            numpy[r] = (System.nanoTime() - t0) / 1e9;
            numpyValue = JsonParser.parseString(json).getAsJsonObject().get("value").getAsDouble();
        }
        double m = median(medtl);
        double n = median(numpy);
        out.printf(Locale.ROOT, "%-12s %-22s %10.4f %10.4f %8.2f %10s %10s %8s %9.1e%n", c, measure + " (process)", m, n, n / m, "", "", "",
                Math.abs(medtlValue - numpyValue));
        out.printf(Locale.ROOT, "%-12s %-22s   each run: medtl %s, numpy %s%n", c, "", seconds(medtl), seconds(numpy));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String seconds(double[] v) {
        return String.join(" ", Arrays.stream(v).mapToObj(d -> String.format(Locale.ROOT, "%.2f", d)).toList());
    }

    private static String runProcess(List<String> command, PrintStream err) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("a benchmark process failed (" + String.join(" ", command) + "); its messages are above");
        }
        return stdout.trim();
    }

    /** CPU time of the whole process, native BLAS threads included. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void warmUp() {
        Random r = new Random(1);
        double[] a = new double[500 * 20];
        double[] b = new double[500 * 20];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
            b[i] = a[i] + r.nextGaussian();
        }
        for (SimilarityMeasure m : SimilarityMeasure.values()) {
            for (int k = 0; k < 20; k++) {
                Similarity.compute(ActivationMatrix.ofRowMajor("a", a, 500, 20), ActivationMatrix.ofRowMajor("b", b, 500, 20),
                        MeasureSettings.defaults(m));
            }
        }
    }

    /** Two layers sharing 32 latent signals through sparse random mixing, ReLU'd like conv outputs. */
    static ActivationMatrix[] generate(Path dir, int m, int n, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        int latent = 32;
        float[][] z = new float[m][latent];
        for (float[] row : z) {
            for (int k = 0; k < latent; k++) {
                row[k] = (float) r.nextGaussian();
            }
        }
        ActivationMatrix[] out = new ActivationMatrix[2];
        for (int side = 0; side < 2; side++) {
            int[][] src = new int[n][4];
            float[][] w = new float[n][4];
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < 4; k++) {
                    src[j][k] = r.nextInt(latent);
                    w[j][k] = (float) r.nextGaussian();
                }
            }
            float[] data = new float[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float v = (float) r.nextGaussian() * (side == 0 ? 0.7f : 1.0f);
                    for (int k = 0; k < 4; k++) {
                        v += w[j][k] * z[i][src[j][k]];
                    }
                    data[i * n + j] = Math.max(0f, v + 0.3f);
                }
            }
            String name = side == 0 ? "x" : "y";
            Npy.write(dir.resolve(name + ".npy"), Npy.Array.float32(data, m, n));
            out[side] = ActivationMatrix.ofRowMajor(name, data, m, n);
        }
        return out;
    }

    private static JsonObject numpy(String python, Path script, Path svcca, Path dir, String measure, int reps, PrintStream err)
            throws IOException, InterruptedException {
        String stdout = runProcess(List.of(python, script.toString(), svcca.toString(), dir.toString(), measure, String.valueOf(reps)), err);
        return JsonParser.parseString(stdout).getAsJsonObject().getAsJsonObject(measure);
    }

    private static Path locateScript() throws IOException {
        for (Path base = Path.of("").toAbsolutePath(); base != null; base = base.getParent()) {
            Path s = base.resolve("tools/bench_similarity_numpy.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IOException("tools/bench_similarity_numpy.py not found: run from the MedTL checkout");
    }
}
