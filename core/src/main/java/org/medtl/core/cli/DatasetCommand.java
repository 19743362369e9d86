package org.medtl.core.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.medtl.core.config.MapConfig;
import org.medtl.core.io.OutputFolders;
import org.medtl.core.dataset.Dataset;
import org.medtl.core.dataset.DatasetReader;
import org.medtl.core.dataset.DatasetSettings;
import org.medtl.core.dataset.Problem;

/** {@code ./medtl dataset}: the Medical Dataset Reader from the command line; writes the manifest CSV. */
final class DatasetCommand implements Command, FlagOptions {

    @Override
    public String name() {
        return "dataset";
    }

    @Override
    public String summary() {
        return "read a dataset (folders, table, DICOM, NumPy, HDF5, study presets), make folds, write manifest.csv";
    }

    @Override
    public String usage() {
        return """
                usage: ./medtl dataset --source PATH --out manifest.csv [options]

                Reads a dataset, checks every sample decodes, assigns folds, checks that no patient is in two
                splits of a fold, writes the manifest CSV (docs/manifest.md) and prints the class and fold summary.

                  --source PATH          folder with one sub-folder per class, a .csv/.tsv table, a MedMNIST .npz,
                                         a PCam *_x.h5, or the root of a study dataset release (with --preset);
                                         with a synthetic preset: n=COUNT,size=PX (generated into the MedTL cache)
                  --preset NAME          auto (default), thyroid, breast, chest, mammograms, knee, isic, pcam-small,
                                         synthetic-natural, synthetic-radiology, synthetic-ultrasound (SYNTHETIC data)
                  --scheme NAME          auto (default: nested-group with patients, else nested), nested,
                                         nested-group, stratified, group, given
                  --folds N              number of folds (default 5)
                  --seed N               seed of every random choice (default 0)
                  --path-column NAME     table column with paths (default path)
                  --label-column NAME    table column with labels (default label)
                  --group-column NAME    table column with patient ids
                  --split-column NAME    table column with train/val/test or fold numbers (needs --scheme given)
                  --patient-pattern RE   regular expression on file names; its first group is the patient id
                  --class-names A,B,...  names of numeric labels 0, 1, ... (NumPy/HDF5)
                  --on-problem fail|skip fail (default) lists every bad file; skip leaves them out and reports them
                  --no-verify            do not decode every sample while reading
                  --window C,W           DICOM window centre,width instead of the files' own
                  --threads N            decoding threads (default: one per processor)
                  --pcam-samples N       patches sampled by pcam-small (default 10000)
                  --knee-slices N        middle slices per exam for knee (default 0 = all)
                  --problems FILE        also write the problems (path,reason) as CSV
                  --build-image-cache SIZE
                                         after reading, decode every image once at SIZE x SIZE pixels into the
                                         decoded-image cache (<MedTL cache>/images, bounded by MEDTL_IMAGE_CACHE_LIMIT,
                                         4g), where `./medtl finetune --size SIZE` and `activations` on this manifest
                                         find it; SIZE is the fine-tuning input size (its --size, else the backbone's)
                """;
    }

    @Override
    public Set<String> flags() {
        return Set.of("no-verify");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOptionsOnly(Set.of("source", "out", "preset", "scheme", "folds", "seed", "path-column", "label-column", "group-column",
                "split-column", "patient-pattern", "class-names", "on-problem", "no-verify", "window", "threads", "pcam-samples",
                "knee-slices", "problems", "build-image-cache"));
        Path manifestOut = Path.of(args.require("out")).toAbsolutePath().normalize();
        // A synthetic preset's source is a generator spec (n=COUNT,size=PX), not a path.
        boolean synthetic = args.get("preset", "auto").startsWith("synthetic-");
        String sourceText = synthetic ? args.require("source") : Path.of(args.require("source")).toAbsolutePath().normalize().toString();
        Path source = synthetic ? null : Path.of(sourceText);
        List<OutputFolders.Input> inputs = source != null && Files.isDirectory(source) ? List.of(OutputFolders.Input.folder("source folder", source))
                : List.of();
        try {
            OutputFolders.requireOutsideInputs("--out", manifestOut, inputs);
            if (args.has("problems")) {
                OutputFolders.requireOutsideInputs("--problems", Path.of(args.get("problems", "")), inputs);
            }
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        // Both outputs are checked before the dataset is read, so an unwritable one fails before anything is written.
        OutputFolders.requireWritableFile("--out", manifestOut);
        if (args.has("problems")) {
            OutputFolders.requireWritableFile("--problems", Path.of(args.get("problems", "")));
        }
        MapConfig c = new MapConfig();
        c.addString("source", sourceText);
        c.addString("preset", args.get("preset", "auto"));
        c.addString("scheme", args.get("scheme", "auto"));
        c.addInt("folds", args.getInt("folds", 5));
        c.addString("seed", args.get("seed", "0"));
        c.addString("pathColumn", args.get("path-column", "path"));
        c.addString("labelColumn", args.get("label-column", "label"));
        c.addString("groupColumn", args.get("group-column", ""));
        c.addString("splitColumn", args.get("split-column", ""));
        c.addString("patientPattern", args.get("patient-pattern", ""));
        String names = args.get("class-names", "");
        c.addStringList("classNames", names.isEmpty() ? List.of() : Arrays.stream(names.split(",")).map(String::trim).toList());
        c.addString("onProblem", args.get("on-problem", "fail"));
        c.addBoolean("verify", !args.flag("no-verify"));
        if (args.has("window")) {
            String[] cw = args.get("window", "").split(",");
            if (cw.length != 2) {
                throw new Args.UsageException("--window expects CENTRE,WIDTH, e.g. 40,400");
            }
            c.addString("windowCenter", cw[0].trim());
            c.addString("windowWidth", cw[1].trim());
        }
        c.addInt("threads", args.getInt("threads", 0));
        c.addInt("pcamSamples", args.getInt("pcam-samples", DatasetSettings.DEFAULT_PCAM_SAMPLES));
        c.addInt("kneeSlices", args.getInt("knee-slices", 0));
        if (args.has("build-image-cache")) {
            c.addInt(DatasetSettings.KEY_IMAGE_CACHE_INPUT_SIZE, args.getInt("build-image-cache", 0, org.medtl.core.model.Architecture.MIN_INPUT_SIZE));
        }
        DatasetSettings settings = DatasetSettings.fromConfig(c);
        long[] last = {0};
        Dataset dataset = DatasetReader.read(settings, (f, m) -> {
            Interruption.check();
            // Only the decoded-image cache reports here, while it builds: the one step long enough to need telling.
            long now = System.nanoTime();
            if (m.startsWith("image cache: ") && (now - last[0] > 2_000_000_000L || !m.startsWith("image cache: decoded "))) {
                last[0] = now;
                err.printf(Locale.ROOT, "medtl dataset: %3.0f%% %s%n", 100 * Math.max(0, f), m);
            }
        });
        for (String line : dataset.summary()) {
            out.println(line);
        }
        for (Problem p : dataset.problems()) {
            out.println("problem: " + p);
        }
        for (String w : dataset.imageCacheWarnings()) {
            out.println("warning: " + w);
        }
        for (String w : org.medtl.core.dataset.SplitClasses.warnings(dataset.manifest())) {
            out.println("warning: " + w);
        }
        if (!dataset.excluded().isEmpty()) {
            out.println(dataset.excluded().size() + " item(s) excluded by the preset, e.g. " + dataset.excluded().get(0));
        }
        if (args.has("problems")) {
            Path problems = Path.of(args.get("problems", "")).toAbsolutePath();
            org.medtl.core.dataset.Problems.write(problems, dataset.problems(), dataset.excluded());
            out.println("problems written to " + problems);
        }
        // The manifest last: a run that fails on the way leaves no manifest that looks complete.
        dataset.manifest().write(manifestOut);
        out.println("manifest written to " + manifestOut);
        return 0;
    }
}
