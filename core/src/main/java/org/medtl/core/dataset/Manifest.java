package org.medtl.core.dataset;

import org.medtl.core.io.AtomicFiles;
import org.medtl.core.io.Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dataset interchange file between commands and nodes: one row per sample, columns
 * {@code id,path,entry,index,label,label_index,group,fold_0,...,fold_{k-1}} (see {@code docs/manifest.md}).
 * Paths are written relative to the manifest's folder so that a dataset folder can move with its manifest.
 */
public final class Manifest {

    /** Fixed columns, in the order they are written. */
    public static final List<String> COLUMNS = List.of("id", "path", "entry", "index", "label", "label_index", "group");
    /** Prefix of the per-fold split columns: {@code fold_0}, {@code fold_1}, ... */
    public static final String FOLD_PREFIX = "fold_";

    private final List<String> classes;
    private final List<Sample> samples;
    private final int foldCount;

    /**
     * @param classes class names; {@code classes.get(i)} is the label of label index {@code i}
     * @param samples samples whose label index and label agree with {@code classes}, all with the same fold count
     * @throws IllegalArgumentException naming the first inconsistent sample
     */
    public Manifest(List<String> classes, List<Sample> samples) {
        this.classes = List.copyOf(classes);
        this.samples = List.copyOf(samples);
        if (new HashSet<>(this.classes).size() != this.classes.size()) {
            throw new IllegalArgumentException("Class names must be unique, got " + this.classes);
        }
        int folds = samples.isEmpty() ? 0 : samples.get(0).folds().size();
        Set<String> ids = new HashSet<>();
        for (Sample s : this.samples) {
            if (s.labelIndex() < 0 || s.labelIndex() >= this.classes.size() || !this.classes.get(s.labelIndex()).equals(s.label())) {
                throw new IllegalArgumentException("Sample " + s.id() + ": label '" + s.label() + "' with index " + s.labelIndex()
                        + " does not match the class list " + this.classes);
            }
            if (s.folds().size() != folds) {
                throw new IllegalArgumentException("Sample " + s.id() + " has " + s.folds().size() + " fold(s), the first sample has " + folds);
            }
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("Sample id '" + s.id() + "' occurs twice; ids must be unique");
            }
        }
        this.foldCount = folds;
    }

    /** A manifest whose classes are the sorted distinct labels of {@code samples}; label indices are reassigned. */
    public static Manifest ofLabels(List<Sample> samples) {
        List<String> classes = new ArrayList<>(new java.util.TreeSet<>(samples.stream().map(Sample::label).toList()));
        return withClasses(classes, samples);
    }

    /** A manifest with the given class order; label indices are reassigned from the label text. */
    public static Manifest withClasses(List<String> classes, List<Sample> samples) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        List<Sample> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            Integer i = index.get(s.label());
            if (i == null) {
                throw new IllegalArgumentException("Sample " + s.id() + " has label '" + s.label() + "', which is not one of " + classes);
            }
            out.add(s.withLabelIndex(i));
        }
        return new Manifest(classes, out);
    }

    public List<String> classes() {
        return classes;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Number of folds (fold columns); 0 when no folds were made. */
    public int foldCount() {
        return foldCount;
    }

    /** The samples of one split of one fold, in manifest order. */
    public List<Sample> samples(int fold, Split split) {
        if (fold < 0 || fold >= foldCount) {
            throw new IllegalArgumentException("The manifest has " + foldCount + " fold(s) (0.." + (foldCount - 1) + "); fold " + fold + " does not exist");
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.folds().get(fold) == split) {
                out.add(s);
            }
        }
        return out;
    }

    /** The same samples with new fold assignments (same order and count). */
    public Manifest withFolds(List<List<Split>> foldsPerSample) {
        if (foldsPerSample.size() != samples.size()) {
            throw new IllegalArgumentException(foldsPerSample.size() + " fold assignments for " + samples.size() + " samples");
        }
        List<Sample> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            out.add(samples.get(i).withFolds(foldsPerSample.get(i)));
        }
        return new Manifest(classes, out);
    }

    /** Count of samples per class over the whole manifest, in class order. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (Sample s : samples) {
            counts[s.labelIndex()]++;
        }
        return counts;
    }

    /**
     * Class balance per fold and split: {@code counts[fold][split.ordinal()][labelIndex]}.
     */
    public int[][][] balance() {
        int[][][] counts = new int[foldCount][Split.values().length][classes.size()];
        for (Sample s : samples) {
            for (int f = 0; f < foldCount; f++) {
                counts[f][s.folds().get(f).ordinal()][s.labelIndex()]++;
            }
        }
        return counts;
    }

    /** One row of the class-balance table: how many samples of a class are in one split of one fold. */
    public record BalanceRow(int fold, Split split, String label, int labelIndex, int count) {
    }

    /** The class-balance table (every fold, split and class, zero counts included), in that order. */
    public List<BalanceRow> balanceRows() {
        int[][][] b = balance();
        List<BalanceRow> rows = new ArrayList<>();
        for (int f = 0; f < foldCount; f++) {
            for (Split s : Split.values()) {
                for (int c = 0; c < classes.size(); c++) {
                    rows.add(new BalanceRow(f, s, classes.get(c), c, b[f][s.ordinal()][c]));
                }
            }
        }
        return rows;
    }

    // ---------------------------------------------------------------------------------------------- reading

    /**
     * Reads a manifest CSV. Required columns: {@code path}, {@code label}; optional: {@code id} (default: the
     * path plus entry and index), {@code entry}, {@code index} (default 0), {@code label_index} (default: sorted
     * label order), {@code group}, {@code fold_0...}. Relative paths resolve against the manifest's folder.
     *
     * @throws IOException naming the file, row and column of the first problem
     */
    public static Manifest read(Path csv) throws IOException {
        List<List<String>> rows;
        if (!Files.exists(csv)) {
            throw new IOException("Manifest " + csv + " does not exist. Create it with './medtl dataset --out " + csv + "' or the Medical Dataset Reader node.");
        }
        rows = org.medtl.core.io.InputFiles.read(csv, "a manifest CSV (docs/manifest.md)", () -> {
            try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                return Csv.readAll(in, Csv.delimiterFor(csv.getFileName().toString(), null), csv.toString());
            }
        });
        if (rows.isEmpty()) {
            throw new IOException("Manifest " + csv + " is empty: it needs a header row with at least the columns path,label.");
        }
        List<String> header = rows.get(0);
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim(), i);
        }
        for (String required : List.of("path", "label")) {
            if (!col.containsKey(required)) {
                throw new IOException("Manifest " + csv + " has no '" + required + "' column (header: " + header + ").");
            }
        }
        TreeMap<Integer, Integer> foldColumns = new TreeMap<>();
        for (Map.Entry<String, Integer> e : col.entrySet()) {
            if (e.getKey().startsWith(FOLD_PREFIX)) {
                try {
                    foldColumns.put(Integer.parseInt(e.getKey().substring(FOLD_PREFIX.length())), e.getValue());
                } catch (NumberFormatException ex) {
                    throw new IOException("Manifest " + csv + ": column '" + e.getKey() + "' looks like a fold column but has no fold number (write fold_0, fold_1, ...).");
                }
            }
        }
        for (int f = 0; f < foldColumns.size(); f++) {
            if (!foldColumns.containsKey(f)) {
                throw new IOException("Manifest " + csv + ": fold columns must be fold_0.." + FOLD_PREFIX + (foldColumns.size() - 1) + ", got " + foldColumns.keySet());
            }
        }
        Path base = csv.toAbsolutePath().getParent();
        List<Sample> samples = new ArrayList<>();
        Map<Integer, String> labelOfIndex = new TreeMap<>();
        boolean hasIndex = col.containsKey("label_index");
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String where = "Manifest " + csv + ", row " + (r + 1);
            if (row.size() != header.size()) {
                throw new IOException(where + " has " + row.size() + " field(s), the header has " + header.size() + ".");
            }
            String path = row.get(col.get("path"));
            if (path.isBlank()) {
                throw new IOException(where + ": 'path' is empty.");
            }
            Path file = base.resolve(java.io.File.separatorChar == '/' ? path.replace('\\', '/') : path).normalize();
            String entry = field(row, col, "entry", "");
            int index = parseInt(field(row, col, "index", "0"), where, "index");
            String label = row.get(col.get("label"));
            if (label.isEmpty()) {
                throw new IOException(where + ": 'label' is empty.");
            }
            int labelIndex = -1;
            if (hasIndex) {
                labelIndex = parseInt(row.get(col.get("label_index")), where, "label_index");
                String previous = labelOfIndex.putIfAbsent(labelIndex, label);
                if (previous != null && !previous.equals(label)) {
                    throw new IOException(where + ": label_index " + labelIndex + " is '" + label + "' here but '" + previous + "' in an earlier row.");
                }
            }
            String id = field(row, col, "id", "");
            if (id.isEmpty()) {
                id = defaultId(path, entry, index);
            }
            List<Split> folds = new ArrayList<>(foldColumns.size());
            for (Map.Entry<Integer, Integer> fc : foldColumns.entrySet()) {
                String v = row.get(fc.getValue());
                try {
                    folds.add(Split.parse(v));
                } catch (IllegalArgumentException e) {
                    throw new IOException(where + ", column fold_" + fc.getKey() + ": " + e.getMessage() + ".");
                }
            }
            samples.add(new Sample(id, file, entry, index, label, labelIndex, field(row, col, "group", ""), folds));
        }
        try {
            if (!hasIndex) {
                return ofLabels(samples);
            }
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < labelOfIndex.size(); i++) {
                String name = labelOfIndex.get(i);
                if (name == null) {
                    throw new IOException("Manifest " + csv + ": label_index values must be 0.." + (labelOfIndex.size() - 1)
                            + " without gaps, got " + labelOfIndex.keySet() + ".");
                }
                classes.add(name);
            }
            if (new HashSet<>(classes).size() != classes.size()) {
                throw new IOException("Manifest " + csv + ": one label has two label_index values: " + labelOfIndex + ".");
            }
            return new Manifest(classes, samples);
        } catch (IllegalArgumentException e) {
            throw new IOException("Manifest " + csv + ": " + e.getMessage(), e);
        }
    }

    static String defaultId(String path, String entry, int index) {
        StringBuilder sb = new StringBuilder(path.replace('\\', '/'));
        if (!entry.isEmpty()) {
            sb.append('#').append(entry);
        }
        if (index != 0 || !entry.isEmpty()) {
            sb.append(':').append(index);
        }
        return sb.toString();
    }

    private static String field(List<String> row, Map<String, Integer> col, String name, String fallback) {
        Integer i = col.get(name);
        return i == null ? fallback : row.get(i);
    }

    private static int parseInt(String v, String where, String column) throws IOException {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IOException(where + ": '" + column + "' must be a whole number, got '" + v + "'.");
        }
    }

    // ---------------------------------------------------------------------------------------------- writing

    /**
     * Writes the manifest atomically (temporary file, then move). Paths are written relative to the target's
     * folder with forward slashes, or absolute when the file is on another root.
     */
    public void write(Path csv) throws IOException {
        Path base = csv.toAbsolutePath().getParent();
        AtomicFiles.write(csv, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            List<String> header = new ArrayList<>(COLUMNS);
            for (int f = 0; f < foldCount; f++) {
                header.add(FOLD_PREFIX + f);
            }
            Csv.writeRow(w, header);
            for (Sample s : samples) {
                List<String> row = new ArrayList<>(header.size());
                row.add(s.id());
                row.add(relative(base, s.file()));
                row.add(s.entry());
                row.add(Integer.toString(s.index()));
                row.add(s.label());
                row.add(Integer.toString(s.labelIndex()));
                row.add(s.group());
                for (Split split : s.folds()) {
                    row.add(split.key());
                }
                Csv.writeRow(w, row);
            }
            w.flush();
        });
    }

    static String relative(Path base, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (base != null && abs.getRoot() != null && abs.getRoot().equals(base.getRoot())) {
            return base.relativize(abs).toString().replace('\\', '/');
        }
        return abs.toString();
    }

    @Override
    public String toString() {
        return "Manifest[" + samples.size() + " samples, classes " + classes + ", " + foldCount + " fold(s)]";
    }
}
