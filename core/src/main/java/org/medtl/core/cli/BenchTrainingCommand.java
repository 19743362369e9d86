package org.medtl.core.cli;

import org.medtl.core.training.TrainingBenchmark;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code ./medtl bench-training}: training and input-pipeline throughput, MedTL's network next to TorchScript. */
public final class BenchTrainingCommand implements Command, FlagOptions {

    @Override
    public Set<String> flags() {
        return Set.of("pipeline");
    }

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
                       ./medtl bench-training --pipeline [--size 224] [--batch 8] [--images 256] [--source-px 512] [--steps 3]
                                              [--device cpu] [--workers 2]

                Times training steps (forward, backward, Adam update; batch of random images, 2 classes) of keras-resnet50
                as MedTL builds it and, with --torchscript, of the same network scripted by
                tools/keras_resnet50_torchscript.py and trained through DJL in the same run; and the input pipeline
                (PNG decode, resize, the study's augmentation, caffe normalisation) on CPU worker threads.
                Prints a table and a JSON object; ratio = MedTL / TorchScript (goal >= 0.9); the pipeline must be
                faster than training.

                With --pipeline, one run reports images/s of every stage of the training feed on the same synthetic
                grey PNGs (--images of --source-px square, resized to --size): decoding from the files (the baseline),
                decoding + augmentation (the feed without the cache), building the decoded-image cache, reading from
                the cache, cache + augmentation + normalisation (the training feed), and the ResNet-50 training step
                (--steps 0 skips it); ratios against the decode baseline, and which stage bounds an epoch.
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        if (args.flag("pipeline")) {
            return pipeline(args, out, err);
        }
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


    private static int pipeline(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOptionsOnly(Set.of("pipeline", "size", "batch", "images", "source-px", "steps", "device", "workers"));
        TrainingBenchmark.PipelineRates r = TrainingBenchmark.pipeline(args.getInt("size", 224, 32), args.getInt("batch", 8, 1),
                args.getInt("images", 256, 1), args.getInt("source-px", 512, 32), args.getInt("workers", 2, 1), args.getInt("steps", 3, 0),
                args.get("device", "cpu"));
        err.printf(Locale.ROOT, "%d grey PNGs of %d px -> %d px, batch %d, %d worker thread(s), %d CPU(s)%n", r.images(), r.sourcePixels(),
                r.size(), r.batch(), r.workers(), Runtime.getRuntime().availableProcessors());
        err.printf(Locale.ROOT, "%-46s %10s %10s %12s%n", "stage", "images/s", "x decode", "img/CPU-s");
        Map<String, TrainingBenchmark.Rate> stages = new LinkedHashMap<>();
        stages.put("decode from files (+ resize, normalise)", r.decode());
        stages.put("decode + augmentation (feed without cache)", r.decodeAugment());
        stages.put("build the decoded-image cache (once)", r.cacheBuild());
        stages.put("read from the cache (+ normalise)", r.cacheRead());
        stages.put("cache + augmentation + normalisation", r.cacheAugment());
        stages.put("training step (keras-resnet50, " + args.get("device", "cpu") + ")", r.trainStep());
        String[] keys = {"decode", "decode_augment", "cache_build", "cache_read", "cache_augment", "train_step"};
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", r.size());
        m.put("batch", r.batch());
        m.put("images", r.images());
        m.put("source_px", r.sourcePixels());
        m.put("workers", r.workers());
        int k = 0;
        for (Map.Entry<String, TrainingBenchmark.Rate> e : stages.entrySet()) {
            TrainingBenchmark.Rate rate = e.getValue();
            err.printf(Locale.ROOT, "%-46s %10.1f %10.2f %12.1f%n", e.getKey(), rate.wall(), rate.wall() / r.decode().wall(), rate.cpu());
            m.put(keys[k] + "_images_per_second", rate.wall());
            m.put(keys[k] + "_images_per_cpu_second", rate.cpu());
            m.put(keys[k] + "_over_decode", rate.wall() / r.decode().wall());
            k++;
        }
        err.printf(Locale.ROOT, "cache file %.1f MB for %d images; an epoch here is bounded by the %s%n", r.cacheBytes() / 1048576.0,
                r.images(), r.bound());
        m.put("cache_bytes", r.cacheBytes());
        m.put("bound", r.bound());
        out.println(Json.write(m));
        return 0;
    }
}
