package org.medtl.core.dataset;

import org.medtl.core.io.Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The generic sources: a folder per class, a table of paths and labels, MedMNIST {@code .npz}, PCam-style HDF5 pairs. */
final class Sources {
    private Sources() {
    }

    /** Picks the source by what {@code settings.source()} is. */
    static Listing auto(DatasetSettings settings) throws IOException {
        Path source = Path.of(settings.source()).toAbsolutePath().normalize();
        if (!Files.exists(source)) {
            throw new IOException("Source " + source + " does not exist. Check the 'source' setting.");
        }
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean table = name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".tab") || name.endsWith(".txt");
        if (!settings.classNames().isEmpty() && (Files.isDirectory(source) || table)) {
            // Folder and table sources name their classes themselves; the names would be silently dropped.
            throw new IOException("Setting 'classNames' (--class-names) names numeric labels of NumPy (.npz) and PCam (*_x.h5) sources, but "
                    + source + " is " + (table ? "a table whose label column names the classes" : "a folder whose sub-folders name the classes")
                    + ". Clear 'classNames'.");
        }
        if (Files.isDirectory(source)) {
            return folder(source, settings.patientPattern().isEmpty() ? null : Pattern.compile(settings.patientPattern()));
        }
        if (table) {
            return table(source, settings);
        }
        if (name.endsWith(".npz")) {
            return medmnist(source, settings.classNames());
        }
        if (name.endsWith("_x.h5")) {
            Path labels = source.resolveSibling(source.getFileName().toString().replaceAll("_x\\.h5$", "_y.h5"));
            Listing out = new Listing();
            hdf5Pair(source, labels, settings.classNames(), null, out);
            return out;
        }
        throw new IOException("Source " + source + " is not a folder, a .csv/.tsv table, a MedMNIST .npz or a PCam *_x.h5 file. "
                + "Point 'source' at a folder with one sub-folder per class, or at a table with path and label columns.");
    }

    // ----------------------------------------------------------------------------------- folder per class

    static Listing folder(Path root, Pattern patient) throws IOException {
        Listing out = new Listing();
        List<Path> classDirs = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path p : children.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    classDirs.add(p);
                } else if (isSystemFile(n)) {
                    out.exclude(p.toString(), "system file, not a sample");
                } else {
                    out.problem(p, "not inside a class folder; move it into the folder named after its class");
                }
            }
        }
        if (classDirs.isEmpty()) {
            throw new IOException("Folder " + root + " has no class sub-folders. Arrange images as " + root + "/<class>/<image>, or use a table.");
        }
        for (Path dir : classDirs) {
            String label = dir.getFileName().toString();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (n.startsWith(".") || isSystemFile(n)) {
                    out.exclude(f.toString(), "hidden or system file, not a sample");
                    continue;
                }
                String group = "";
                if (patient != null) {
                    Matcher m = patient.matcher(n);
                    if (!m.find() || m.group(1) == null) {
                        out.problem(f, "the file name does not match the patient pattern '" + patient.pattern() + "'");
                        continue;
                    }
                    group = m.group(1);
                }
                String id = root.relativize(f).toString().replace('\\', '/');
                addFile(out, f, id, label, group, "");
            }
        }
        return out;
    }

    private static boolean isSystemFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("thumbs.db") || n.equals("desktop.ini") || n.equals(".ds_store");
    }

    /** Adds one file: multi-frame DICOM and .npy stacks give one sample per frame or slice. */
    static void addFile(Listing out, Path f, String id, String label, String group, String given) {
        try {
            if (Files.size(f) == 0) {
                out.problem(f, "the file is empty (0 bytes)");
                return;
            }
            FileKind kind = FileKind.of(f);
            switch (kind) {
                case DICOM -> {
                    int frames = DicomImages.frameCount(f);
                    if (group.isEmpty()) {
                        // Patient ID (0010,0020) keeps a patient's images together without any setting.
                        group = DicomImages.parse(f).patientId;
                    }
                    for (int i = 0; i < frames; i++) {
                        out.add(frames == 1 ? id : id + ":" + i, f, "", i, label, group, given);
                    }
                }
                case NPY -> {
                    NumpyImages.Layout layout = NumpyImages.layout(NumpyImages.header(f, ""), f.toString());
                    for (int i = 0; i < layout.count(); i++) {
                        out.add(layout.count() == 1 ? id : id + ":" + i, f, "", i, label, group, given);
                    }
                }
                case RASTER -> {
                    if (!FileKind.isImageName(f.getFileName().toString())) {
                        out.problem(f, "not an image file (expected PNG, JPEG, BMP, GIF, TIFF, DICOM or .npy)");
                        return;
                    }
                    out.add(id, f, "", 0, label, group, given);
                }
                default -> out.problem(f, kind.name().toLowerCase(Locale.ROOT) + " files hold many arrays; use them as the source itself, not inside a class folder");
            }
        } catch (IOException | RuntimeException e) {
            out.problem(f, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    // ----------------------------------------------------------------------------------- table

    static List<List<String>> readTable(Path table) throws IOException {
        String first;
        try (BufferedReader r = Files.newBufferedReader(table, StandardCharsets.UTF_8)) {
            first = r.readLine();
        }
        if (first == null) {
            throw new IOException("Table " + table + " is empty.");
        }
        try (BufferedReader r = Files.newBufferedReader(table, StandardCharsets.UTF_8)) {
            return Csv.readAll(r, Csv.delimiterFor(table.getFileName().toString(), first), table.toString());
        }
    }

    static int column(List<String> header, String name, String setting, Path table) throws IOException {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equals(name)) {
                return i;
            }
        }
        throw new IOException("Table " + table + " has no column '" + name + "' (setting '" + setting + "'). Its columns are " + header + ".");
    }

    static Listing table(Path table, DatasetSettings s) throws IOException {
        List<List<String>> rows = readTable(table);
        List<String> header = rows.get(0);
        int pathCol = column(header, s.pathColumn(), "pathColumn", table);
        int labelCol = column(header, s.labelColumn(), "labelColumn", table);
        int groupCol = s.groupColumn().isEmpty() ? -1 : column(header, s.groupColumn(), "groupColumn", table);
        int splitCol = s.splitColumn().isEmpty() ? -1 : column(header, s.splitColumn(), "splitColumn", table);
        Path base = table.getParent();
        Listing out = new Listing();
        Map<String, Integer> firstRow = new HashMap<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String where = table + ", row " + (r + 1);
            if (row.size() != header.size()) {
                out.problem(where, "has " + row.size() + " field(s), the header has " + header.size());
                continue;
            }
            String path = row.get(pathCol).trim();
            String label = row.get(labelCol).trim();
            if (path.isEmpty() || label.isEmpty()) {
                out.problem(where, path.isEmpty() ? "the path is empty" : "the label is empty");
                continue;
            }
            Integer previous = firstRow.putIfAbsent(path, r + 1);
            if (previous != null) {
                out.problem(where, "'" + path + "' is already listed in row " + previous);
                continue;
            }
            // Tables written on Windows use backslashes; on other systems they are separators too, never name characters.
            Path file = base.resolve(java.io.File.separatorChar == '/' ? path.replace('\\', '/') : path).normalize();
            if (!Files.isRegularFile(file)) {
                out.problem(file.toString() + " (" + where + ")", Files.isDirectory(file) ? "it is a folder, not an image file"
                        : "the file does not exist");
                continue;
            }
            addFile(out, file, path.replace('\\', '/'), label, groupCol < 0 ? "" : row.get(groupCol).trim(), splitCol < 0 ? "" : row.get(splitCol).trim());
        }
        return out;
    }

    // ----------------------------------------------------------------------------------- MedMNIST .npz

    static final List<String> MEDMNIST_SPLITS = List.of("train", "val", "test");

    static Listing medmnist(Path npz, List<String> classNames) throws IOException {
        List<String> entries = NumpyImages.entries(npz);
        Listing out = new Listing();
        boolean any = false;
        for (String split : MEDMNIST_SPLITS) {
            String images = split + "_images";
            String labels = split + "_labels";
            if (!entries.contains(images)) {
                continue;
            }
            any = true;
            if (!entries.contains(labels)) {
                throw new IOException(npz + " has '" + images + "' but no '" + labels + "'.");
            }
            org.medtl.core.io.Npy.Header h = NumpyImages.header(npz, images);
            NumpyImages.Layout layout = NumpyImages.layout(h, npz + "#" + images);
            int[] y = labelVector(npz, labels);
            if (y.length != layout.count()) {
                throw new IOException(npz + ": '" + images + "' holds " + layout.count() + " images but '" + labels + "' " + y.length + " labels.");
            }
            String rel = npz.getFileName().toString();
            for (int i = 0; i < y.length; i++) {
                out.add(rel + "#" + images + ":" + i, npz, images, i, className(y[i], classNames, npz + "#" + labels), "", split);
            }
        }
        if (!any) {
            throw new IOException(npz + " has none of train_images, val_images, test_images (it has " + entries + "): not a MedMNIST archive.");
        }
        if (!classNames.isEmpty()) {
            out.classes = List.copyOf(classNames);
        } else {
            out.classes = numericClasses(out);
        }
        return out;
    }

    /** Numeric labels keep numeric order (10 after 9), not text order. */
    static List<String> numericClasses(Listing out) {
        return out.candidates.stream().map(c -> c.sample().label()).distinct()
                .sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))).toList();
    }

    static String className(int y, List<String> names, String where) throws IOException {
        if (names.isEmpty()) {
            return Integer.toString(y);
        }
        if (y < 0 || y >= names.size()) {
            throw new IOException(where + ": label " + y + " has no name; setting 'classNames' lists " + names.size() + " classes.");
        }
        return names.get(y);
    }

    /** A label array of shape (N,) or (N, 1) with whole-number values. */
    static int[] labelVector(Path npz, String entry) throws IOException {
        NumpyImages.Loaded l = NumpyImages.npzEntry(npz, entry);
        int[] s = l.header().shape();
        if (!(s.length == 1 || (s.length == 2 && s[1] == 1))) {
            throw new IOException(npz + "#" + entry + " has shape " + l.header().shapeText()
                    + "; single-label classification needs (N,) or (N, 1) (multi-label datasets such as ChestMNIST are not supported)");
        }
        int n = s[0];
        float[] f = new float[n];
        l.header().toFloats(ByteBuffer.wrap(l.data()), f, n);
        return toLabels(f, npz + "#" + entry);
    }

    static int[] toLabels(float[] f, String where) throws IOException {
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            if (f[i] != Math.rint(f[i]) || f[i] < 0) {
                throw new IOException(where + ": label " + f[i] + " at index " + i + " is not a class number 0, 1, ...");
            }
            out[i] = (int) f[i];
        }
        return out;
    }

    // ----------------------------------------------------------------------------------- HDF5 pairs (PCam)

    /**
     * Images in {@code x} of {@code images}, labels in {@code y} of {@code labels}; {@code pick} selects indices
     * (all when {@code null}).
     */
    static void hdf5Pair(Path images, Path labels, List<String> classNames, int[] pick, Listing out) throws IOException {
        if (!Files.isRegularFile(labels)) {
            throw new IOException("Labels file " + labels + " for " + images + " does not exist (PCam ships *_x.h5 with a matching *_y.h5).");
        }
        long[] shape = Hdf5Images.shape(images, "x");
        int[] y = toLabels(Hdf5Images.readAll(labels, "y"), labels + "#y");
        if (shape.length == 0 || shape[0] != y.length) {
            throw new IOException(images + "#x holds " + (shape.length == 0 ? 0 : shape[0]) + " patches but " + labels + "#y has " + y.length + " labels.");
        }
        int[] indices = pick;
        if (indices == null) {
            indices = new int[y.length];
            for (int i = 0; i < y.length; i++) {
                indices[i] = i;
            }
        }
        String rel = images.getFileName().toString();
        for (int i : indices) {
            out.add(rel + "#x:" + i, images, "x", i, className(y[i], classNames, labels + "#y"), "", "");
        }
    }
}
