package org.medtl.core.dataset;

import java.io.IOException;

import org.medtl.core.dataset.synthetic.SyntheticDatasets;
import org.medtl.core.dataset.synthetic.SyntheticTask;
import org.medtl.core.runtime.DjlRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * The seven study datasets as their public releases ship them, mapped to label and patient as the study
 * (Juodelyte et al., TMLR 2023; docs/dataset.md) did. {@code source} is the folder the release was unpacked into;
 * files are found anywhere below it.
 */
final class StudyPresets {
    private StudyPresets() {
    }

    static Listing list(DatasetSettings s) throws IOException {
        if (s.preset().startsWith("synthetic-")) {
            return synthetic(s);
        }
        Path root = Path.of(s.source()).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IOException("Preset '" + s.preset() + "' needs the folder the release was unpacked into; " + root + " is not a folder.");
        }
        return switch (s.preset()) {
            case "thyroid" -> thyroid(root);
            case "breast" -> breast(root);
            case "chest" -> chest(root);
            case "isic" -> isic(root);
            case "mammograms" -> mammograms(root);
            case "knee" -> knee(root, s.kneeSlices());
            case "pcam-small" -> pcamSmall(root, s);
            default -> throw new IOException("Unknown preset '" + s.preset() + "'.");
        };
    }

    /**
     * The synthetic demo tasks: generated (once, into MedTL's cache, never into an input folder) and read
     * as a folder per class with the synthetic patient in the file name.
     */
    private static Listing synthetic(DatasetSettings s) throws IOException {
        SyntheticTask task = SyntheticTask.fromKey(s.preset());
        int[] spec = SyntheticDatasets.parseSpec(s.source());
        Path folder = SyntheticDatasets.materialise(task, spec[0], spec[1], s.seed(), DjlRuntime.cacheDir());
        return Sources.auto(DatasetSettings.of(folder.resolve(SyntheticDatasets.IMAGES).toString())
                .withPatientPattern(SyntheticDatasets.PATIENT_PATTERN));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static String id(Path root, Path f) {
        return root.relativize(f).toString().replace('\\', '/');
    }

    private static String ext(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    // ------------------------------------------------------------------------------------------- DDTI

    private static final Pattern DDTI_IMAGE = Pattern.compile("^(\\d+)_(\\d+)\\.(jpg|jpeg|png)$", Pattern.CASE_INSENSITIVE);

    /**
     * DDTI (Pedraza et al. 2015): {@code <case>.xml} with {@code <number>} and {@code <tirads>}, images
     * {@code <case>_<k>.jpg} beside it. Malignant when TI-RADS >= 4 (4, 4a, 4b, 4c, 5), benign for 1-3; the case is
     * the patient. Cases without a TI-RADS score are excluded (listed).
     */
    static Listing thyroid(Path root) throws IOException {
        Listing out = new Listing();
        out.classes = List.of("benign", "malignant");
        Map<String, List<Path>> imagesByCase = new TreeMap<>();
        List<Path> xmls = new ArrayList<>();
        for (Path f : files(root)) {
            Matcher m = DDTI_IMAGE.matcher(f.getFileName().toString());
            if (m.matches()) {
                imagesByCase.computeIfAbsent(f.getParent() + "|" + m.group(1), k -> new ArrayList<>()).add(f);
            } else if (ext(f).equals("xml")) {
                xmls.add(f);
            }
        }
        if (xmls.isEmpty()) {
            throw new IOException("Preset 'thyroid': no DDTI case XML files under " + root + ".");
        }
        DocumentBuilder parser = xmlParser();
        for (Path xml : xmls) {
            String number;
            String tirads;
            try {
                Document doc = parser.parse(xml.toFile());
                number = text(doc, "number");
                tirads = text(doc, "tirads");
            } catch (Exception e) {
                out.problem(xml, "not a readable DDTI case XML (" + e.getMessage() + ")");
                continue;
            }
            if (number.isEmpty()) {
                number = stem(xml);
            }
            List<Path> images = imagesByCase.remove(xml.getParent() + "|" + number);
            if (images == null) {
                out.problem(xml, "case " + number + " has no images named " + number + "_<k>.jpg beside it");
                continue;
            }
            String t = tirads.trim().toLowerCase(Locale.ROOT);
            String label;
            if (t.isEmpty()) {
                for (Path img : images) {
                    out.exclude(img.toString(), "case " + number + " has no TI-RADS score in " + xml.getFileName());
                }
                continue;
            } else if (t.matches("[45][abc]?")) {
                label = "malignant";
            } else if (t.matches("[123]")) {
                label = "benign";
            } else {
                out.problem(xml, "TI-RADS score '" + tirads + "' is not one of 1, 2, 3, 4, 4a, 4b, 4c, 5");
                continue;
            }
            for (Path img : images) {
                Sources.addFile(out, img, id(root, img), label, "case" + number, "");
            }
        }
        for (List<Path> orphans : imagesByCase.values()) {
            for (Path img : orphans) {
                out.problem(img, "no case XML for this image (expected " + img.getFileName().toString().replaceAll("_\\d+\\..*$", ".xml") + ")");
            }
        }
        return out;
    }

    private static DocumentBuilder xmlParser() throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // Case files are data, never a reason to fetch DTDs or expand external entities.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (Exception e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }

    private static String text(Document doc, String tag) {
        Node n = doc.getElementsByTagName(tag).item(0);
        return n == null ? "" : n.getTextContent().trim();
    }

    // ------------------------------------------------------------------------------------------- BUSI

    /**
     * BUSI (Al-Dhabyani et al. 2020): {@code benign/}, {@code malignant/}, {@code normal/} with {@code "<class> (n).png"}
     * and masks {@code "<class> (n)_mask.png"}. Malignant when the file name says "malignant"; normal counts as
     * benign. Masks are excluded (listed). No patient ids.
     */
    static Listing breast(Path root) throws IOException {
        Listing out = new Listing();
        out.classes = List.of("benign", "malignant");
        for (Path f : files(root)) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!FileKind.isImageName(n)) {
                out.problem(f, "not an image file");
            } else if (n.contains("_mask")) {
                out.exclude(f.toString(), "segmentation mask, not an image");
            } else {
                Sources.addFile(out, f, id(root, f), n.contains("malignant") ? "malignant" : "benign", "", "");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- Kermany chest

    private static final Pattern CHEST_PNEUMONIA = Pattern.compile("^(person\\d+)_", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHEST_NORMAL = Pattern.compile("^((?:NORMAL2-)?IM-\\d+)-", Pattern.CASE_INSENSITIVE);

    /**
     * Kermany et al. 2018 chest X-rays: {@code {train,test,val}/{NORMAL,PNEUMONIA}/*.jpeg}; all splits are pooled.
     * Patient from the file name: {@code personN_...} (pneumonia), {@code IM-NNNN-...} or {@code NORMAL2-IM-NNNN-...}
     * (normal).
     */
    static Listing chest(Path root) throws IOException {
        Listing out = new Listing();
        out.classes = List.of("normal", "pneumonia");
        for (Path f : files(root)) {
            String folder = f.getParent().getFileName().toString().toLowerCase(Locale.ROOT);
            String n = f.getFileName().toString();
            if (!folder.equals("normal") && !folder.equals("pneumonia")) {
                out.exclude(f.toString(), "not inside a NORMAL or PNEUMONIA folder");
                continue;
            }
            if (!FileKind.isImageName(n)) {
                out.problem(f, "not an image file");
                continue;
            }
            Matcher m = (folder.equals("pneumonia") ? CHEST_PNEUMONIA : CHEST_NORMAL).matcher(n);
            if (!m.find()) {
                out.problem(f, "no patient id in the file name (expected personN_... or IM-NNNN-...)");
                continue;
            }
            Sources.addFile(out, f, id(root, f), folder, m.group(1), "");
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- ISIC 2018

    static final List<String> ISIC_CLASSES = List.of("MEL", "NV", "BCC", "AKIEC", "BKL", "DF", "VASC");

    /**
     * ISIC 2018 task 3 (Tschandl et al. 2018; Codella et al. 2019): images {@code ISIC_nnnnnnn.jpg} and the
     * one-hot ground-truth CSV {@code image,MEL,NV,BCC,AKIEC,BKL,DF,VASC}. No patient ids.
     */
    static Listing isic(Path root) throws IOException {
        Listing out = new Listing();
        Path truth = null;
        Map<String, Path> images = new HashMap<>();
        for (Path f : files(root)) {
            String e = ext(f);
            if (e.equals("csv") && truth == null && f.getFileName().toString().toLowerCase(Locale.ROOT).contains("groundtruth")) {
                truth = f;
            } else if (e.equals("jpg") || e.equals("jpeg") || e.equals("png")) {
                images.put(stem(f), f);
            }
        }
        if (truth == null) {
            throw new IOException("Preset 'isic': no ground-truth CSV (*GroundTruth*.csv with columns image," + String.join(",", ISIC_CLASSES) + ") under " + root + ".");
        }
        List<List<String>> rows = Sources.readTable(truth);
        List<String> header = rows.get(0);
        int imageCol = Sources.column(header, "image", "preset isic", truth);
        List<String> classes = new ArrayList<>();
        List<Integer> classCols = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (i != imageCol) {
                classes.add(header.get(i).trim());
                classCols.add(i);
            }
        }
        out.classes = classes;
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String where = truth + ", row " + (r + 1);
            if (row.size() != header.size()) {
                out.problem(where, "has " + row.size() + " fields, the header has " + header.size());
                continue;
            }
            String label = null;
            int ones = 0;
            for (int k = 0; k < classCols.size(); k++) {
                double v;
                try {
                    v = Double.parseDouble(row.get(classCols.get(k)).trim());
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
                if (v == 1.0) {
                    label = classes.get(k);
                    ones++;
                } else if (v != 0.0) {
                    ones = -1;
                    break;
                }
            }
            if (ones != 1) {
                out.problem(where, "is not one-hot (exactly one class column 1, the others 0)");
                continue;
            }
            String name = row.get(imageCol).trim();
            Path img = images.get(name);
            if (img == null) {
                out.problem(where, "image " + name + ".jpg not found under " + root);
                continue;
            }
            Sources.addFile(out, img, id(root, img), label, "", "");
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- CBIS-DDSM

    /**
     * CBIS-DDSM (Lee et al. 2017) from TCIA: {@code mass_case_description_*.csv} and {@code calc_case_description_*.csv}
     * with {@code patient_id}, {@code pathology}, {@code image file path}; full mammograms as DICOM under a folder named
     * like the path's first component. One sample per CSV row (3,568 rows, 3,103 images in the study);
     * BENIGN_WITHOUT_CALLBACK counts as benign; the patient is {@code patient_id}.
     */
    static Listing mammograms(Path root) throws IOException {
        Listing out = new Listing();
        out.classes = List.of("benign", "malignant");
        List<Path> tables = new ArrayList<>();
        Map<String, List<Path>> dicomByTopFolder = new HashMap<>();
        for (Path f : files(root)) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv") && n.contains("case_description")) {
                tables.add(f);
            } else if (n.endsWith(".dcm")) {
                Path rel = root.relativize(f);
                for (int i = 0; i < rel.getNameCount() - 1; i++) {
                    dicomByTopFolder.computeIfAbsent(rel.getName(i).toString(), k -> new ArrayList<>()).add(f);
                }
            }
        }
        if (tables.isEmpty()) {
            throw new IOException("Preset 'mammograms': no CBIS-DDSM *case_description*.csv under " + root + ".");
        }
        for (Path table : tables) {
            List<List<String>> rows = Sources.readTable(table);
            List<String> header = rows.get(0);
            int patientCol = Sources.column(header, "patient_id", "preset mammograms", table);
            int pathologyCol = Sources.column(header, "pathology", "preset mammograms", table);
            int imageCol = Sources.column(header, "image file path", "preset mammograms", table);
            for (int r = 1; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                String where = table + ", row " + (r + 1);
                if (row.size() != header.size()) {
                    out.problem(where, "has " + row.size() + " fields, the header has " + header.size());
                    continue;
                }
                String pathology = row.get(pathologyCol).trim().toUpperCase(Locale.ROOT);
                String label = switch (pathology) {
                    case "MALIGNANT" -> "malignant";
                    case "BENIGN", "BENIGN_WITHOUT_CALLBACK" -> "benign";
                    default -> null;
                };
                if (label == null) {
                    out.problem(where, "pathology '" + row.get(pathologyCol) + "' is not MALIGNANT, BENIGN or BENIGN_WITHOUT_CALLBACK");
                    continue;
                }
                String listed = row.get(imageCol).trim().replace('\\', '/');
                Path image = root.resolve(listed).normalize();
                if (!Files.isRegularFile(image)) {
                    // TCIA downloads rename the UID folders; the case folder (first path component) is stable.
                    String top = listed.split("/")[0];
                    List<Path> candidates = dicomByTopFolder.getOrDefault(top, List.of());
                    if (candidates.size() != 1) {
                        out.problem(where, candidates.isEmpty() ? "no DICOM file under a folder named " + top
                                : candidates.size() + " DICOM files under folder " + top + "; expected the one full mammogram");
                        continue;
                    }
                    image = candidates.get(0);
                }
                String id = id(root, image) + "@" + table.getFileName() + ":" + (r + 1);
                Sources.addFile(out, image, id, label, row.get(patientCol).trim(), "");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- MRNet

    /**
     * MRNet v1.0 (Bien et al. 2018): {@code {train,valid}/sagittal/NNNN.npy} volumes (slices, 256, 256) and
     * {@code {train,valid}-{abnormal,acl,meniscus}.csv} ({@code case,label}, no header). One sample per sagittal slice
     * ({@code kneeSlices} > 0 keeps the middle n); the exam is the patient. Labels: acl when the ACL is torn, else
     * meniscus when the meniscus is, else normal when the exam is not abnormal; other abnormal exams are excluded
     * (listed).
     */
    static Listing knee(Path root, int middleSlices) throws IOException {
        Listing out = new Listing();
        out.classes = List.of("normal", "acl", "meniscus");
        Map<String, Path> tables = new HashMap<>();
        List<Path> volumes = new ArrayList<>();
        for (Path f : files(root)) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.matches("(train|valid)-(abnormal|acl|meniscus)\\.csv")) {
                tables.put(n.replace(".csv", ""), f);
            } else if (n.endsWith(".npy") && f.getParent().getFileName().toString().equalsIgnoreCase("sagittal")) {
                volumes.add(f);
            }
        }
        if (volumes.isEmpty()) {
            throw new IOException("Preset 'knee': no MRNet sagittal volumes (<split>/sagittal/NNNN.npy) under " + root + ".");
        }
        Map<String, Map<String, Integer>> labels = new LinkedHashMap<>();
        for (Map.Entry<String, Path> t : tables.entrySet()) {
            Map<String, Integer> m = new HashMap<>();
            for (List<String> row : Sources.readTable(t.getValue())) {
                if (row.size() >= 2 && !row.get(0).isBlank()) {
                    try {
                        m.put(String.format(Locale.ROOT, "%04d", Integer.parseInt(row.get(0).trim())), (int) Double.parseDouble(row.get(1).trim()));
                    } catch (NumberFormatException e) {
                        out.problem(t.getValue().toString(), "row '" + String.join(",", row) + "' is not case,label");
                    }
                }
            }
            labels.put(t.getKey(), m);
        }
        for (Path v : volumes) {
            String split = v.getParent().getParent().getFileName().toString().toLowerCase(Locale.ROOT);
            String exam = stem(v);
            Integer abnormal = get(labels, split + "-abnormal", exam);
            Integer acl = get(labels, split + "-acl", exam);
            Integer meniscus = get(labels, split + "-meniscus", exam);
            if (abnormal == null || acl == null || meniscus == null) {
                out.problem(v, "exam " + exam + " is missing from " + split + "-abnormal/-acl/-meniscus.csv");
                continue;
            }
            String label = acl == 1 ? "acl" : meniscus == 1 ? "meniscus" : abnormal == 0 ? "normal" : null;
            if (label == null) {
                out.exclude(v.toString(), "abnormal exam without ACL or meniscus tear: not one of the study's three classes");
                continue;
            }
            int slices;
            try {
                slices = NumpyImages.layout(NumpyImages.header(v, ""), v.toString()).count();
            } catch (IOException e) {
                out.problem(v, e.getMessage());
                continue;
            }
            int from = 0;
            int to = slices;
            if (middleSlices > 0 && middleSlices < slices) {
                from = (slices - middleSlices) / 2;
                to = from + middleSlices;
            }
            String id = id(root, v);
            for (int i = 0; i < slices; i++) {
                if (i < from || i >= to) {
                    out.exclude(id + ":" + i, "outside the middle " + middleSlices + " slices (setting kneeSlices)");
                } else {
                    out.add(id + ":" + i, v, "", i, label, split + "-" + exam, "");
                }
            }
        }
        return out;
    }

    private static Integer get(Map<String, Map<String, Integer>> labels, String table, String exam) {
        Map<String, Integer> m = labels.get(table);
        return m == null ? null : m.get(exam);
    }

    // ------------------------------------------------------------------------------------------- PCam

    /**
     * PatchCamelyon (Veeling et al. 2018): {@code camelyonpatch_level_2_split_train_x.h5} ({@code x}: N, 96, 96, 3)
     * and {@code _y.h5} ({@code y}). The study used 10,000 random patches: sampled here without replacement from the
     * training split with the settings' seed ({@code pcamSamples} changes the count). No patient ids.
     */
    static Listing pcamSmall(Path root, DatasetSettings s) throws IOException {
        Path x = null;
        for (Path f : files(root)) {
            if (f.getFileName().toString().equals("camelyonpatch_level_2_split_train_x.h5")) {
                x = f;
            }
        }
        if (x == null) {
            throw new IOException("Preset 'pcam-small': camelyonpatch_level_2_split_train_x.h5 not found under " + root + " (unpack the .gz files first).");
        }
        Path y = x.resolveSibling("camelyonpatch_level_2_split_train_y.h5");
        long n = Hdf5Images.shape(x, "x")[0];
        int k = (int) Math.min(s.pcamSamples(), n);
        Random random = new Random(s.seed());
        // Partial Fisher-Yates over the indices, then sorted so that reading walks the file forwards.
        Map<Integer, Integer> swapped = new HashMap<>();
        int[] pick = new int[k];
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt((int) n - i);
            int vi = swapped.getOrDefault(i, i);
            int vj = swapped.getOrDefault(j, j);
            swapped.put(j, vi);
            pick[i] = vj;
        }
        java.util.Arrays.sort(pick);
        Listing out = new Listing();
        List<String> names = s.classNames().isEmpty() ? List.of("no-tumour", "tumour") : s.classNames();
        Sources.hdf5Pair(x, y, names, pick, out);
        out.classes = List.copyOf(names);
        return out;
    }
}
