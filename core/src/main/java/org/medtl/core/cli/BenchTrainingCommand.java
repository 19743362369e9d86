package org.medtl.core.cli;

import org.medtl.core.training.TrainingBenchmark;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./medtl bench-training}: training and input-pipeline throughput, MedTL's network next to TorchScript. */
public final class BenchTrainingCommand implements Command {

    @Override
    public String name() {
        return "bench-training";
    }

    @Override
    public String summary() {
        return "training images/s of keras-resnet50 vs the same TorchScript network, and the augmenting input pipeline";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl bench-training [--sizes 64,112,224] [--batch 8] [--steps 3] [--torchscript FILE] [--device cpu] [--workers 2]

                Times training steps (forward, backward, Adam update; batch of random images, 2 classes) of keras-resnet50
                as MedTL builds it and, with --torchscript, of the same network scripted by
                tools/keras_resnet50_torchscript.py and trained through DJL in the same run; and the input pipeline
                (PNG decode, resize, the study's augmentation, caffe normalisation) on CPU worker threads.
                Prints a table and a JSON object; ratio = MedTL / TorchScript (goal >= 0.9); the pipeline must be
                faster than training.
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOptionsOnly(Set.of("sizes", "batch", "steps", "torchscript", "device", "workers"));
        List<Integer> sizes = args.getInts("sizes", "64,112,224", 32);
        Path ts = args.has("torchscript") ? Path.of(args.get("torchscript", "")) : null;
        if (ts != null && !Files.isRegularFile(ts)) {
            throw new Args.UsageException("--torchscript " + ts + " is not a file; make it with "
                    + "'/usr/bin/python3 tools/keras_resnet50_torchscript.py FILE'");
        }
        List<TrainingBenchmark.Row> rows = TrainingBenchmark.run(sizes, args.getInt("batch", 8, 1), args.getInt("steps", 3, 1), ts,
                args.get("device", "cpu"), args.getInt("workers", 2, 1));
        err.printf("%6s %6s %14s %14s %8s %16s%n", "px", "batch", "medtl img/s", "torchscript", "ratio", "pipeline img/s");
        List<Object> json = new ArrayList<>();
        for (TrainingBenchmark.Row r : rows) {
            err.printf("%6d %6d %14.2f %14.2f %8.3f %16.1f%n", r.size(), r.batch(), r.medtlImagesPerSecond(),
                    r.torchScriptImagesPerSecond(), r.ratio(), r.pipelineImagesPerSecond());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", r.size());
            m.put("batch", r.batch());
            m.put("medtl_images_per_second", r.medtlImagesPerSecond());
            m.put("torchscript_images_per_second", r.torchScriptImagesPerSecond());
            m.put("ratio", r.ratio());
            m.put("pipeline_images_per_second", r.pipelineImagesPerSecond());
            json.add(m);
        }
        out.println(Json.write(Map.of("rows", json, "threads", String.valueOf(org.medtl.core.runtime.DjlRuntime.threadCount()))));
        return 0;
    }

}
