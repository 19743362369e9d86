package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input across every {@code ./medtl} command, as a demanding new user gives it (#13 items 3, 5 and 6): each case
 * must fail with its exit code (2 for a wrong command line, 1 for unusable input), a message that names the file,
 * row, column or setting and the reason in plain words (no Java exception text, temporary path or library web
 * address), nothing left in the output location, and no input file changed, added or removed.
 *
 * <p>Arguments use {@code {in}} for the fixtures (tiny images, a small random ResNet-18, an activation set, a run,
 * workflows, predictions and matrices, all made once) and {@code {out}} for the case's own, initially absent, output
 * location; the run keeps to a few seconds per case because every case fails before any real work.</p>
 */
class BadInputTableTest {

    @TempDir
    static Path root;

    private static Path in;

    /** No exception class, JDK package, hidden temporary file or library help address may reach the user. */
    private static final Pattern RAW = Pattern.compile("Exception|java\\.|\\bjavax?\\.|\\.tmp|https?://|gson|"
            + "\\b[A-Z][A-Za-z]+Error\\b|For input string|Input length|Is a directory|Cannot invoke|because \"");

    /** One bad command line: its exit code and the pieces its message must contain (after substitution). */
    record Case(String name, int code, List<String> argv, List<String> says) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, int code, String argv, String... says) {
        return new Case(name, code, List.of(argv.split(" ")), List.of(says));
    }

    static Stream<Case> cases() {
        String run = "run {in}/wf-";
        return Stream.of(
                // similarity
                c("similarity: missing first file", 1, "similarity {in}/missing.npy {in}/a.npy", "{in}/missing.npy does not exist"),
                c("similarity: missing second file", 1, "similarity {in}/a.npy {in}/missing.npy", "{in}/missing.npy does not exist"),
                c("similarity: a folder for a matrix", 1, "similarity {in}/images {in}/a.npy", "{in}/images is a folder, not a file"),
                c("similarity: a PNG for a matrix", 1, "similarity {in}/pic.png {in}/a.npy", "pic.png", "unknown matrix format", ".npy or .csv"),
                c("similarity: truncated .npy", 1, "similarity {in}/trunc.npy {in}/a.npy", "trunc.npy", "truncated"),
                c("similarity: different row counts", 1, "similarity {in}/a.npy {in}/c19.npy", "a.npy", "c19.npy", "20 data points", "19"),
                c("similarity: 3-D array", 1, "similarity {in}/three.npy {in}/a.npy", "three.npy", "expected a 2-D array"),
                c("similarity: text array", 1, "similarity {in}/str.npy {in}/a.npy", "str.npy", "is not supported"),
                c("similarity: word in CSV", 1, "similarity {in}/badnum.csv {in}/badnum.csv", "badnum.csv line 2 column 2", "'x' is not a number"),
                c("similarity: ragged CSV", 1, "similarity {in}/ragged.csv {in}/ragged.csv", "ragged.csv line 2", "earlier lines have 3"),
                c("similarity: unknown measure", 2, "similarity --measure foo {in}/a.npy {in}/a.npy", "foo"),
                c("similarity: --directions with cca", 2, "similarity --measure cca --directions 3 {in}/a.npy {in}/b.npy",
                        "--directions applies to --measure svcca only"),
                c("similarity: variance above 1", 2, "similarity --measure svcca --variance 1.5 {in}/a.npy {in}/b.npy", "variance", "1.5"),
                c("similarity: more directions than neurons", 1, "similarity --measure svcca --directions 99 {in}/a.npy {in}/b.npy",
                        "99 directions", "a.npy has only 5"),
                c("similarity: negative epsilon", 2, "similarity --epsilon -1 {in}/a.npy {in}/b.npy", "epsilon", "-1"),
                c("similarity: one file", 2, "similarity {in}/a.npy", "expected two matrix files"),
                c("similarity: unknown flag", 2, "similarity --bogus {in}/a.npy {in}/b.npy", "unknown option --bogus"),
                // agreement
                c("agreement: missing file", 1, "agreement {in}/missing.csv {in}/p1.csv", "{in}/missing.csv does not exist"),
                c("agreement: a folder (Is a directory)", 1, "agreement {in}/p1.csv {in}/images", "{in}/images is a folder, not a file"),
                c("agreement: a PNG as CSV", 1, "agreement {in}/pic.png {in}/p1.csv", "{in}/pic.png is not a text file"),
                c("agreement: probabilities -0.5 and 1.5", 1, "agreement {in}/neg.csv {in}/p1.csv", "neg.csv line 2: p_0 is -0.5",
                        "between 0 and 1"),
                c("agreement: probability above 1", 1, "agreement {in}/above.csv {in}/p1.csv", "above.csv line 3: p_1 is 1.5"),
                c("agreement: rows not summing to 1", 1, "agreement {in}/sum.csv {in}/p1.csv", "sum.csv line 2", "sum to 1.800", "must sum to 1"),
                c("agreement: word for a probability", 1, "agreement {in}/word.csv {in}/p1.csv", "word.csv line 2", "'abc' is not a number"),
                c("agreement: short row", 1, "agreement {in}/short.csv {in}/p1.csv", "short.csv line 2", "the header has 4"),
                c("agreement: label outside the classes", 1, "agreement {in}/badlabel.csv {in}/p1.csv", "badlabel.csv line 2", "label 5"),
                c("agreement: empty file", 1, "agreement {in}/empty.csv {in}/p1.csv", "empty.csv", "empty file"),
                c("agreement: wrong header", 1, "agreement {in}/noheader.csv {in}/p1.csv", "noheader.csv", "header must contain id, label"),
                c("agreement: disjoint samples", 1, "agreement {in}/disjoint.csv {in}/p1.csv", "do not hold the same samples", "'q'"),
                // compare-activations
                c("compare-activations: missing set", 1, "compare-activations {in}/missing {in}/acts", "{in}/missing does not exist"),
                c("compare-activations: a file for a set", 1, "compare-activations {in}/acts {in}/notes.txt", "{in}/notes.txt is a file, not a folder"),
                c("compare-activations: not a set", 1, "compare-activations {in}/acts {in}/images", "{in}/images is not an activation set",
                        "activations.json is missing"),
                c("compare-activations: broken activations.json", 1, "compare-activations {in}/acts {in}/acts-badjson",
                        "acts-badjson/activations.json cannot be read: it is not valid JSON (error at line"),
                c("compare-activations: negative channels", 2, "compare-activations --channels -1 {in}/acts {in}/acts", "'channels'", "-1"),
                c("compare-activations: no repeats", 2, "compare-activations --repeats 0 {in}/acts {in}/acts", "'repeats'", "at least 1"),
                c("compare-activations: unknown layer", 1, "compare-activations --layers nope {in}/acts {in}/acts", "layer 'nope'",
                        "A has relu"),
                c("compare-activations: --variance without svcca", 2, "compare-activations --variance 0.9 {in}/acts {in}/acts",
                        "--variance applies to svcca only"),
                c("compare-activations: word for a seed", 2, "compare-activations --seed x {in}/acts {in}/acts", "--seed", "'x'"),
                // dataset
                c("dataset: missing source", 1, "dataset --source {in}/missing --out {out}/m.csv", "{in}/missing does not exist", "'source'"),
                c("dataset: a PNG as source", 1, "dataset --source {in}/pic.png --out {out}/m.csv", "{in}/pic.png is not a folder"),
                c("dataset: one fold", 1, "dataset --source {in}/images --folds 1 --out {out}/m.csv", "'folds' must be at least 2, got 1"),
                c("dataset: more folds than samples", 1, "dataset --source {in}/images --folds 100 --out {out}/m.csv", "100 parts",
                        "fewer folds"),
                c("dataset: window without width", 2, "dataset --source {in}/images --window 40 --out {out}/m.csv", "--window expects CENTRE,WIDTH"),
                c("dataset: negative window width", 1, "dataset --source {in}/images --window 40,-5 --out {out}/m.csv", "'windowWidth'", "-5"),
                c("dataset: unknown preset", 1, "dataset --source {in}/images --preset nope --out {out}/m.csv", "'preset' is 'nope'"),
                c("dataset: unknown scheme", 1, "dataset --source {in}/images --scheme nope --out {out}/m.csv", "'scheme'", "'nope'"),
                c("dataset: unknown problem policy", 1, "dataset --source {in}/images --on-problem maybe --out {out}/m.csv", "'onProblem'",
                        "'maybe'"),
                c("dataset: negative threads", 1, "dataset --source {in}/images --threads -1 --out {out}/m.csv", "'threads'", "-1"),
                c("dataset: pcamSamples on a folder source", 1, "dataset --source {in}/images --pcam-samples 5 --out {out}/m.csv",
                        "'pcamSamples' (--pcam-samples) is 5, but it applies to preset 'pcam-small' only"),
                c("dataset: kneeSlices off the knee preset", 1, "dataset --source {in}/images --knee-slices 3 --out {out}/m.csv",
                        "'kneeSlices' (--knee-slices) is 3, but it applies to preset 'knee' only"),
                c("dataset: negative pcamSamples", 1, "dataset --source {in}/images --pcam-samples -5 --out {out}/m.csv",
                        "'pcamSamples' (--pcam-samples) must be at least 1, got -5"),
                c("dataset: --class-names on a folder source", 1, "dataset --source {in}/images --class-names a,b --out {out}/m.csv",
                        "'classNames' (--class-names)", "{in}/images is a folder whose sub-folders name the classes"),
                c("dataset: broken patient pattern", 1, "dataset --source {in}/images --patient-pattern ( --out {out}/m.csv",
                        "'patientPattern' is not a regular expression"),
                c("dataset: split column without scheme given", 1, "dataset --source {in}/images --split-column split --out {out}/m.csv",
                        "'splitColumn' is 'split' but 'scheme' is 'auto'"),
                c("dataset: split value tset", 1, "dataset --source {in}/table/split.csv --scheme given --split-column split --out {out}/m.csv",
                        "'tset'", "p2.png", "column 'split'"),
                c("dataset: a folder in a table row", 1, "dataset --source {in}/table/folder-row.csv --folds 2 --scheme stratified --out {out}/m.csv",
                        "sub", "it is a folder, not an image file"),
                c("dataset: output inside the source", 2, "dataset --source {in}/images --out {in}/images/m.csv", "inside the source folder",
                        "outputs never go into input folders"),
                c("dataset: output under a file", 1, "dataset --source {in}/images --out {in}/notes.txt/m.csv",
                        "{in}/notes.txt is a file, not a folder"),
                c("dataset: read-only output location", 1, "dataset --source {in}/images --out {readonly}/m.csv", "cannot", "{readonly}"),
                c("dataset: image cache smaller than any network input", 2, "dataset --source {in}/images --build-image-cache 8 --out {out}/m.csv",
                        "--build-image-cache must be at least 32, got 8"),
                c("dataset: image cache size not a number", 2, "dataset --source {in}/images --build-image-cache big --out {out}/m.csv",
                        "--build-image-cache expects a whole number, got 'big'"),
                c("dataset: unknown flag", 2, "dataset --bogus", "unknown option --bogus ("),
                c("dataset: unknown flag among good ones", 2, "dataset --source {in}/images --bogus 3 --out {out}/m.csv", "unknown option --bogus"),
                c("dataset: stray argument", 2, "dataset --source {in}/images {in}/images --out {out}/m.csv", "unexpected argument"),
                // inspect
                c("inspect: missing file", 1, "inspect {in}/missing.png", "{in}/missing.png", "does not exist"),
                c("inspect: no file", 2, "inspect", "give exactly one FILE"),
                // backbone
                c("backbone: unknown architecture", 1, "backbone --arch nope --random-seed 1", "Architecture 'nope' is not known"),
                c("backbone: neither weights nor seed", 2, "backbone --arch torchvision-resnet18", "give exactly one of --weights FILE and --random-seed"),
                c("backbone: missing weight file", 1, "backbone --arch torchvision-resnet18 --weights {in}/missing.pth --out {out}",
                        "missing.pth does not exist"),
                c("backbone: text as weights", 1, "backbone --arch torchvision-resnet18 --weights {in}/notes.txt --out {out}", "notes.txt",
                        "Cannot tell the format"),
                c("backbone: size 0", 2, "backbone --arch torchvision-resnet18 --random-seed 1 --size 0 --out {out}", "--size must be at least 32", "got 0"),
                c("backbone: unknown preprocessing", 1, "backbone --arch torchvision-resnet18 --random-seed 1 --preprocess foo --out {out}",
                        "'preprocessing'", "'foo'"),
                c("backbone: word for a seed", 2, "backbone --arch torchvision-resnet18 --random-seed x --out {out}", "--random-seed", "'x'"),
                c("backbone: existing model folder", 1, "backbone --arch torchvision-resnet18 --random-seed 1 --out {in}/model", "{in}/model exists"),
                // activations
                c("activations: missing model folder", 1, "activations --model {in}/missing --images {in}/images --out {out}",
                        "{in}/missing does not exist"),
                c("activations: missing weights.bin", 1, "activations --model {in}/model-noweights --images {in}/images --out {out}",
                        "{in}/model-noweights/weights.bin does not exist"),
                c("activations: broken model.json", 1, "activations --model {in}/model-badjson --images {in}/images --out {out}",
                        "{in}/model-badjson/model.json cannot be read: it is not valid JSON (error at line"),
                c("activations: missing images", 1, "activations --model {in}/model --images {in}/missing --out {out}",
                        "{in}/missing does not exist"),
                c("activations: output inside the images", 1, "activations --model {in}/model --images {in}/images --out {in}/images/acts",
                        "inside the image folder", "outputs never go into input folders"),
                c("activations: unknown layer", 1, "activations --model {in}/model --images {in}/images --layers nope --out {out}",
                        "Layer 'nope' (setting 'layers') does not exist"),
                c("activations: channels 1000 on a 64-channel layer", 1,
                        "activations --model {in}/model --images {in}/images --layers relu --channels 1000 --out {out}",
                        "'channels' is 1000, but layer 'relu' of torchvision-resnet18 has 64 channels"),
                c("activations: negative channels", 1, "activations --model {in}/model --images {in}/images --channels -1 --out {out}",
                        "'channels'", "-1"),
                c("activations: batch 0", 1, "activations --model {in}/model --images {in}/images --batch 0 --out {out}", "'batchSize'", "got 0"),
                c("activations: size 8", 2, "activations --model {in}/model --images {in}/images --size 8 --out {out}", "at least 32"),
                c("activations: unknown spatial mode", 1, "activations --model {in}/model --images {in}/images --spatial foo --out {out}",
                        "'foo'", "all, avgpool or subsample"),
                c("activations: unknown device", 1, "activations --model {in}/model --images {in}/images --device tpu --out {out}", "'tpu'"),
                c("activations: model and architecture", 2, "activations --model {in}/model --arch torchvision-resnet18 --images {in}/images"
                        + " --out {out}", "--model excludes --arch"),
                c("activations: existing output", 1, "activations --model {in}/model --images {in}/images --out {in}/acts", "{in}/acts exists"),
                // finetune
                c("finetune: missing manifest", 1, "finetune --manifest {in}/missing.csv --weights {in}/model --out {out}",
                        "{in}/missing.csv does not exist"),
                c("finetune: PNG as manifest", 1, "finetune --manifest {in}/pic.png --weights {in}/model --out {out}",
                        "{in}/pic.png is not a text file"),
                c("finetune: missing backbone", 1, "finetune --manifest {in}/manifest.csv --weights {in}/missing --out {out}",
                        "{in}/missing is neither a MedTL model folder nor a weight file"),
                c("finetune: no epochs", 2, "finetune --manifest {in}/manifest.csv --weights {in}/model --epochs 0 --out {out}", "'epochs'",
                        "at least 1"),
                c("finetune: negative learning rate", 2, "finetune --manifest {in}/manifest.csv --weights {in}/model --lr -1 --out {out}",
                        "'lr'", "positive"),
                c("finetune: dropout 1.5", 2, "finetune --manifest {in}/manifest.csv --weights {in}/model --dropout 1.5 --out {out}",
                        "'dropout'", "1.5"),
                c("finetune: unknown monitor", 2, "finetune --manifest {in}/manifest.csv --weights {in}/model --monitor foo --out {out}",
                        "'monitor'", "'foo'"),
                c("finetune: missing fold", 1, "finetune --manifest {in}/manifest.csv --weights {in}/model --folds 7 --out {out}",
                        "fold 7 does not exist"),
                c("finetune: class weights for 3 classes", 1, "finetune --manifest {in}/manifest.csv --weights {in}/model --class-weights 1,2,3"
                        + " --out {out}", "3 weights given", "2 classes"),
                c("finetune: momentum with adam", 2, "finetune --manifest {in}/manifest.csv --weights {in}/model --momentum 0.5 --out {out}",
                        "--momentum applies with --optimizer sgd only"),
                c("finetune: head-lr with full fine-tuning", 2, "finetune --manifest {in}/manifest.csv --weights {in}/model --head-lr 0.1"
                        + " --out {out}", "--head-lr applies with --mode freeze-then-finetune only", "--mode is full"),
                c("finetune: step-epochs without a step schedule", 2, "finetune --manifest {in}/manifest.csv --weights {in}/model"
                        + " --step-epochs 5 --out {out}", "--step-epochs applies with --schedule step only"),
                c("finetune: no-hflip without augmentation", 2, "finetune --manifest {in}/manifest.csv --weights {in}/model --no-augment"
                        + " --no-hflip --out {out}", "--no-hflip applies with augmentation only"),
                c("finetune: output inside the backbone", 1, "finetune --manifest {in}/manifest.csv --weights {in}/model --out {in}/model/f",
                        "inside the backbone model folder"),
                c("finetune: no workers", 2, "finetune --manifest {in}/manifest.csv --weights {in}/model --workers 0 --out {out}", "'workers'"),
                // report, run, workflows
                c("report: missing run", 1, "report {in}/missing --out {out}", "{in}/missing does not exist"),
                c("report: not a run", 1, "report {in}/images --out {out}", "{in}/images is not the output folder of './medtl run'"),
                c("report: over its own run", 1, "report {in}/run --out {in}/run", "is the run folder", "outputs never go into input folders"),
                c("report: inside its run", 1, "report {in}/run --out {in}/run/merged", "inside the run folder"),
                c("report: no run", 2, "report --out {out}", "give at least one run folder"),
                c("run: missing workflow", 1, "run {in}/missing --out {out}", "{in}/missing does not exist"),
                c("run: not a workflow", 1, "run {in}/images --out {out}", "{in}/images is not a KNIME workflow folder"),
                c("run: variable without value", 2, run + "ok --var foo --out {out}", "--var expects name=value, got 'foo'"),
                c("run: unknown variable", 1, run + "ok --var nope=1 --out {out}", "--var nope", "no variable of that name"),
                c("run: no threads", 2, run + "ok --threads 0 --out {out}", "--threads", "'0'"),
                c("run: settings.xml renamed key", 1, run + "renamed --out {out}", "Setting 'scheme' of node 'Medical Dataset Reader' (#1) is missing"
                        + " from Medical Dataset Reader (#1)/settings.xml"),
                c("run: settings.xml boolean yes", 1, run + "yes --out {out}", "Setting 'verify' of node 'Medical Dataset Reader' (#1) must be"
                        + " true or false, got 'yes'"),
                c("run: settings.xml null string", 1, run + "null --out {out}", "Setting 'scheme' of node 'Medical Dataset Reader' (#1) must be"
                        + " text, got no value (isnull)"),
                c("run: settings.xml word for a number", 1, run + "two --out {out}", "Setting 'threads' of node 'Medical Dataset Reader' (#1) must be"
                        + " a whole number, got 'two'"),
                c("run: settings.xml pcamSamples off its preset", 1, run + "pcam --out {out}", "node 'Medical Dataset Reader' (#1)",
                        "'pcamSamples' (--pcam-samples) is 5, but it applies to preset 'pcam-small' only"),
                c("workflows: a file for the folder", 2, "workflows {in}/notes.txt", "{in}/notes.txt is a file, not a folder"),
                c("workflows: two folders", 2, "workflows {out} {out}", "at most one folder"),
                // doctor and benchmarks: arguments only, nothing is measured
                c("doctor: stray argument", 2, "doctor extra", "unexpected argument 'extra'"),
                c("doctor: unknown flag", 2, "doctor --bogus", "unknown option --bogus; this command takes no options"),
                c("bench-dataset: no images", 2, "bench-dataset --images 0", "--images must be at least 1, got 0"),
                c("bench-dataset: negative rounds", 2, "bench-dataset --rounds -1", "--rounds must be at least 1, got -1"),
                c("bench-dataset: word for a count", 2, "bench-dataset --images x", "--images expects a whole number, got 'x'"),
                c("bench-model: missing --h5", 2, "bench-model", "option --h5 is required"),
                c("bench-model: size list with a word", 2, "bench-model --h5 {in}/missing.h5 --torchscript {in}/missing.pt --sizes 112,big",
                        "--sizes", "'big'"),
                c("bench-training: size 0", 2, "bench-training --sizes 0", "--sizes must list values of at least 32, got 0"),
                c("bench-training: batch 0", 2, "bench-training --batch 0", "--batch must be at least 1, got 0"),
                c("bench-training: no steps (crashed the JVM before)", 2, "bench-training --steps 0", "--steps must be at least 1, got 0"),
                c("bench-training: missing TorchScript file", 2, "bench-training --torchscript {in}/missing.pt", "{in}/missing.pt is not a file"),
                c("bench-similarity: no svcca checkout", 2, "bench-similarity", "option --svcca is required"),
                c("bench-similarity: not a checkout", 2, "bench-similarity --svcca {in}/images", "has no cca_core.py"),
                c("unknown command", 2, "nope", "unknown command 'nope'"));
    }

    @BeforeAll
    static void fixtures() throws Exception {
        in = Files.createDirectories(root.resolve("in"));
        Random random = new Random(1);
        for (String c : List.of("benign", "malignant")) {
            for (int i = 0; i < 6; i++) {
                TestInputs.randomPng(in.resolve("images").resolve(c).resolve(c + i + ".png"), 32, random);
            }
        }
        Files.copy(in.resolve("images/benign/benign0.png"), in.resolve("pic.png"));
        Files.writeString(in.resolve("notes.txt"), "my notes\n");
        float[] a = new float[100];
        float[] b = new float[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat();
            b[i] = random.nextFloat();
        }
        npy(in.resolve("a.npy"), "<f4", new long[] {20, 5}, a);
        npy(in.resolve("b.npy"), "<f4", new long[] {20, 5}, b);
        npy(in.resolve("c19.npy"), "<f4", new long[] {19, 5}, Arrays.copyOf(a, 95));
        npy(in.resolve("three.npy"), "<f4", new long[] {4, 5, 5}, a);
        Files.write(in.resolve("str.npy"), header("<U1", new long[] {2}, 8));
        byte[] whole = Files.readAllBytes(in.resolve("a.npy"));
        Files.write(in.resolve("trunc.npy"), Arrays.copyOf(whole, 200));
        Files.writeString(in.resolve("badnum.csv"), "1,2,3\n4,x,6\n");
        Files.writeString(in.resolve("ragged.csv"), "1,2,3\n4,5\n");
        String header = "id,label,p_0,p_1\n";
        Files.writeString(in.resolve("p1.csv"), header + "x,0,0.8,0.2\ny,1,0.3,0.7\nz,1,0.4,0.6\n");
        Files.writeString(in.resolve("neg.csv"), header + "x,0,-0.5,1.5\ny,1,0.3,0.7\n");
        Files.writeString(in.resolve("above.csv"), header + "x,0,0.8,0.2\ny,1,0.2,1.5\n");
        Files.writeString(in.resolve("sum.csv"), header + "x,0,0.9,0.9\ny,1,0.3,0.7\n");
        Files.writeString(in.resolve("word.csv"), header + "x,0,abc,0.5\n");
        Files.writeString(in.resolve("short.csv"), header + "x,0,0.5\n");
        Files.writeString(in.resolve("badlabel.csv"), header + "x,5,0.5,0.5\n");
        Files.writeString(in.resolve("empty.csv"), "");
        Files.writeString(in.resolve("noheader.csv"), "foo,bar\n1,2\n");
        Files.writeString(in.resolve("disjoint.csv"), header + "q,0,0.5,0.5\n");
        Path table = Files.createDirectories(in.resolve("table"));
        for (int i = 0; i < 8; i++) {
            TestInputs.randomPng(table.resolve("p" + i + ".png"), 32, random);
        }
        Files.createDirectories(table.resolve("sub"));
        Files.writeString(table.resolve("split.csv"), "path,label,split\np0.png,a,train\np1.png,b,train\np2.png,a,tset\np3.png,b,test\n");
        StringBuilder rows = new StringBuilder("path,label\nsub,a\n");
        for (int i = 0; i < 8; i++) {
            rows.append("p").append(i).append(".png,").append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Files.writeString(table.resolve("folder-row.csv"), rows);

        ok("dataset", "--source", in.resolve("images").toString(), "--scheme", "nested", "--folds", "3", "--out", in.resolve("manifest.csv").toString());
        ok("backbone", "--arch", "torchvision-resnet18", "--random-seed", "1", "--size", "32", "--out", in.resolve("model").toString());
        ok("activations", "--model", in.resolve("model").toString(), "--images", in.resolve("images/benign").toString(), "--layers", "relu",
                "--device", "cpu", "--out", in.resolve("acts").toString());
        Files.createDirectories(in.resolve("model-noweights"));
        Files.copy(in.resolve("model/model.json"), in.resolve("model-noweights/model.json"));
        Files.createDirectories(in.resolve("model-badjson"));
        Files.writeString(in.resolve("model-badjson/model.json"), "{\"architecture\": \n");
        Files.createDirectories(in.resolve("acts-badjson"));
        Files.writeString(in.resolve("acts-badjson/activations.json"), "{\"image_ids\": [\n");

        TestInputs.readerWorkflowCopy(in.resolve("wf-ok"), null, null);
        TestInputs.readerWorkflowCopy(in.resolve("wf-renamed"), "<entry key=\"scheme\"", "<entry key=\"schema\"");
        TestInputs.readerWorkflowCopy(in.resolve("wf-yes"), "<entry key=\"verify\" type=\"xboolean\" value=\"true\"/>", "<entry key=\"verify\" type=\"xboolean\" value=\"yes\"/>");
        TestInputs.readerWorkflowCopy(in.resolve("wf-null"), "<entry key=\"scheme\" type=\"xstring\" value=\"nested-group\"/>",
                "<entry key=\"scheme\" type=\"xstring\" isnull=\"true\" value=\"\"/>");
        TestInputs.readerWorkflowCopy(in.resolve("wf-two"), "<entry key=\"threads\" type=\"xint\" value=\"0\"/>", "<entry key=\"threads\" type=\"xint\" value=\"two\"/>");
        TestInputs.readerWorkflowCopy(in.resolve("wf-pcam"), "<entry key=\"pcamSamples\" type=\"xint\" value=\"10000\"/>", "<entry key=\"pcamSamples\" type=\"xint\" value=\"5\"/>");
        ok("run", in.resolve("wf-ok").toString(), "--out", in.resolve("run").toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedInPlainWordsAndLeavesNothingBehind(Case c) throws Exception {
        Path out = root.resolve("out").resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-"));
        Files.createDirectories(out.getParent());
        Path readonly = readOnlyFolder();
        Map<String, String> before = TestInputs.snapshot(in);
        String[] argv = c.argv().stream().map(a -> substitute(a, out, readonly)).toArray(String[]::new);

        CommandLineRun r = CommandLineRun.of(argv);

        String said = r.err() + r.out();
        assertEquals(c.code(), r.code(), c.name() + ": exit code; it said\n" + said);
        for (String piece : c.says()) {
            String expected = substitute(piece, out, readonly);
            assertTrue(said.contains(expected), c.name() + ": expected '" + expected + "' in\n" + said);
        }
        assertFalse(RAW.matcher(said).find(), c.name() + ": raw Java/library text in\n" + said);
        assertFalse(Files.exists(out), c.name() + ": " + out + " was written");
        if (Files.isDirectory(readonly)) {
            try (Stream<Path> left = Files.list(readonly)) {
                assertEquals(List.of(), left.toList(), c.name() + ": something was left in the read-only folder");
            }
        } else {
            assertFalse(Files.exists(readonly), c.name() + ": " + readonly + " was made");
        }
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")), c.name() + ": a hidden temporary was left");
        }
        assertEquals(before, TestInputs.snapshot(in), c.name() + ": an input file was changed, added or removed");
    }

    private static String substitute(String s, Path out, Path readonly) {
        return s.replace("{in}", in.toString()).replace("{out}", out.toString()).replace("{readonly}", readonly.toString());
    }

    /**
     * A folder no file can be written in. The permission bits do not stop root (containers often run as root), so
     * there the test writes below {@code /sys}, which the kernel refuses to anyone.
     */
    private static Path readOnlyFolder() throws IOException {
        Path ro = root.resolve("readonly");
        if (!Files.exists(ro)) {
            Files.createDirectories(ro);
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        if (Files.isWritable(ro) && Files.isDirectory(Paths.get("/sys/kernel"))) {
            return Paths.get("/sys/kernel/medtl-bad-input");
        }
        return ro;
    }

    private static void ok(String... argv) {
        CommandLineRun r = CommandLineRun.of(argv);
        assertEquals(0, r.code(), String.join(" ", argv) + ":\n" + r.err());
    }

    private static byte[] header(String descr, long[] shape, int dataBytes) {
        StringBuilder s = new StringBuilder("(");
        for (long d : shape) {
            s.append(d).append(", ");
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s.toString().replaceAll(", $", shape.length == 1 ? "," : "")
                + "), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] text = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return buf.array();
    }

    private static void npy(Path file, String descr, long[] shape, float[] values) throws IOException {
        byte[] h = header(descr, shape, 0);
        ByteBuffer buf = ByteBuffer.allocate(h.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(h);
        for (float v : values) {
            buf.putFloat(v);
        }
        Files.write(file, buf.array());
    }

}
