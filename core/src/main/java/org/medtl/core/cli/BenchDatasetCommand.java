package org.medtl.core.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.medtl.core.dataset.DatasetBenchmark;

/** {@code ./medtl bench-dataset}: throughput of the shared image pipeline against plain ImageIO decoding. */
final class BenchDatasetCommand implements Command {

    @Override
    public String name() {
        return "bench-dataset";
    }

    @Override
    public String summary() {
        return "image pipeline throughput (PNG, JPEG, 16-bit DICOM; 112/224 px; 1/2 threads) vs plain ImageIO";
    }

    @Override
    public String usage() {
        return "usage: ./medtl bench-dataset [--images 200] [--rounds 2]\n\n"
                + "Generates PNG and JPEG photos of 512x384 and 16-bit DICOM of 512x512 in a temporary folder, then measures\n"
                + "decode + nearest resize + caffe normalisation into batches of 32 (images/s) at 112 and 224 px with 1 and 2\n"
                + "decoding threads, next to plain decoding of the same files (ImageIO.read; for DICOM, which ImageIO cannot\n"
                + "read, reading the file's bytes). Prints one line per measurement and the ratio pipeline / baseline. Rows marked\n"
                + "'cpu' count CPU time of one thread instead of wall-clock time, so other load on the machine does not distort them;\n"
                + "2 x that rate is what 2 idle cores reach.";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOptionsOnly(Set.of("images", "rounds"));
        List<DatasetBenchmark.Row> rows = DatasetBenchmark.run(args.getInt("images", 200, 1), args.getInt("rounds", 2, 1), out::println);
        out.println();
        out.println("format   px  threads  pipeline img/s  baseline img/s  ratio   (threads 'cpu': images per CPU-second of one thread)");
        for (DatasetBenchmark.Row r : rows) {
            out.println(String.format(Locale.ROOT, "%-7s %4d  %7s  %14.1f  %14.1f  %5.2f", r.format(), r.size(),
                    r.threads() == 0 ? "cpu" : Integer.toString(r.threads()), r.pipelinePerSecond(), r.baselinePerSecond(), r.ratio()));
        }
        out.println();
        out.println("For scale: a ResNet-50 training step on this kind of CPU takes 148 ms/image at 224 px (about 7 images/s) and");
        out.println("21 ms/image at 64 px (about 48 images/s) (the project's platform notes); the pipeline rows above must stay well above those.");
        return 0;
    }
}
