package org.medtl.core.study;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.medtl.core.dataset.DicomWriter;
import org.medtl.core.dataset.NpyWriter;
import org.medtl.core.dataset.TestImages;

/**
 * Miniature copies of the seven public releases the study reads, each in its release's own layout (file
 * names, folders, label tables, file formats) as the dataset reader's study presets expect them, with a
 * few dozen small images instead of thousands. Enough samples and patients per class that the study's
 * 5-fold nested (patient-grouped) scheme has both classes in every test split. Images are seeded noise
 * cells; positive classes carry a brighter centre, so training has something to learn.
 *
 * <p>PCam is HDF5, which Java cannot write here: its miniature is a committed fixture made by
 * {@code tools/make_pcam_miniature.py}.
 */
final class MiniatureReleases {

    /** Side of the generated images in pixels. */
    static final int SIZE = 32;

    /** The study's dataset keys, in the order of the workflow. */
    static final List<String> KEYS = List.of("thyroid", "breast", "chest", "mammograms", "knee", "isic", "pcam-small");

    private MiniatureReleases() {
    }

    /** Writes all seven releases under {@code root}; returns dataset key -> release folder. */
    static Map<String, Path> write(Path root) throws IOException {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("thyroid", thyroid(root.resolve("thyroid")));
        m.put("breast", breast(root.resolve("breast")));
        m.put("chest", chest(root.resolve("chest")));
        m.put("mammograms", mammograms(root.resolve("mammograms")));
        m.put("knee", knee(root.resolve("knee")));
        m.put("isic", isic(root.resolve("isic")));
        m.put("pcam-small", pcam(root.resolve("pcam-small")));
        return m;
    }

    /** Seeded noise in 4 x 4 cells; {@code level} > 0 brightens the centre quarter by 40 per level. */
    static int[] pixels(Random r, int level) {
        int[] v = new int[SIZE * SIZE];
        int cells = SIZE / 4;
        int[] cell = new int[cells * cells];
        for (int i = 0; i < cell.length; i++) {
            cell[i] = 50 + r.nextInt(120);
        }
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean centre = x >= SIZE / 4 && x < 3 * SIZE / 4 && y >= SIZE / 4 && y < 3 * SIZE / 4;
                v[y * SIZE + x] = Math.min(255, cell[(y / 4) * cells + x / 4] + (centre ? 40 * level : 0));
            }
        }
        return v;
    }

    private static BufferedImage grey(Random r, int level) {
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        int[] v = pixels(r, level);
        for (int i = 0; i < v.length; i++) {
            raster.setSample(i % SIZE, i / SIZE, 0, v[i]);
        }
        return img;
    }

    private static BufferedImage rgb(Random r, int level) {
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        int[] v = pixels(r, level);
        for (int i = 0; i < v.length; i++) {
            int red = v[i];
            int green = Math.max(0, v[i] - 30);
            int blue = Math.max(0, v[i] - 10 - 10 * level);
            img.setRGB(i % SIZE, i / SIZE, (red << 16) | (green << 8) | blue);
        }
        return img;
    }

    /** DDTI: {@code <case>.xml} with the TI-RADS score and {@code <case>_<k>.jpg}; 24 scored cases x 2 images, one unscored case. */
    static Path thyroid(Path dir) throws IOException {
        Random r = new Random(1);
        Files.createDirectories(dir);
        String[] benign = {"2", "3"};
        String[] malignant = {"4a", "4b", "4c", "5"};
        for (int c = 1; c <= 25; c++) {
            boolean isMalignant = c % 2 == 0;
            String tirads = c == 25 ? "" : isMalignant ? malignant[c % 4] : benign[(c / 2) % 2];
            Files.writeString(dir.resolve(c + ".xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<case><number>" + c + "</number><age>"
                    + (30 + c) + "</age><sex>F</sex><composition>solid</composition><tirads>" + tirads
                    + "</tirads><mark><image>1</image><svg>[]</svg></mark></case>\n");
            for (int k = 1; k <= 2; k++) {
                TestImages.write(grey(r, isMalignant ? 1 : 0), "jpeg", dir.resolve(c + "_" + k + ".jpg"));
            }
        }
        return dir;
    }

    /** BUSI: {@code Dataset_BUSI_with_GT/{benign,malignant,normal}/<class> (n).png} with a few {@code _mask} files. */
    static Path breast(Path dir) throws IOException {
        Random r = new Random(2);
        for (String c : List.of("benign", "malignant", "normal")) {
            for (int n = 1; n <= 16; n++) {
                Path folder = dir.resolve("Dataset_BUSI_with_GT").resolve(c);
                TestImages.write(grey(r, c.equals("malignant") ? 1 : 0), "png", folder.resolve(c + " (" + n + ").png"));
                if (n <= 2) {
                    TestImages.write(TestImages.grey8(SIZE, SIZE), "png", folder.resolve(c + " (" + n + ")_mask.png"));
                }
            }
        }
        return dir;
    }

    /** Kermany: {@code chest_xray/{train,test,val}/{NORMAL,PNEUMONIA}/*.jpeg}, 12 patients per class with 2 images each. */
    static Path chest(Path dir) throws IOException {
        Random r = new Random(3);
        String[] splits = {"train", "train", "train", "test", "val"};
        for (int p = 1; p <= 12; p++) {
            for (int k = 1; k <= 2; k++) {
                String split = splits[(p + k) % splits.length];
                String normal = (p % 4 == 0 ? "NORMAL2-" : "") + String.format("IM-%04d-%04d.jpeg", 100 + p, k);
                TestImages.write(grey(r, 0), "jpeg", dir.resolve("chest_xray/" + split + "/NORMAL/" + normal));
                String pneumonia = "person" + p + "_" + (k == 1 ? "bacteria" : "virus") + "_" + (p * 3 + k) + ".jpeg";
                TestImages.write(grey(r, 1), "jpeg", dir.resolve("chest_xray/" + split + "/PNEUMONIA/" + pneumonia));
            }
        }
        return dir;
    }

    private static byte[] dicom(Random r, int level, String patient) {
        int[] v = pixels(r, level);
        short[] px = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            px[i] = (short) (v[i] * 16); // 12 bits stored, as in the digitised film mammograms
        }
        return new DicomWriter("1.2.840.10008.1.2.1").text(0x0008, 0x0060, "CS", "MG").text(0x0010, 0x0020, "LO", patient)
                .us(0x0028, 0x0002, 1).text(0x0028, 0x0004, "CS", "MONOCHROME2").us(0x0028, 0x0010, SIZE).us(0x0028, 0x0011, SIZE)
                .us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 12).us(0x0028, 0x0102, 11).us(0x0028, 0x0103, 0)
                .raw(0x7FE0, 0x0010, "OW", DicomWriter.shorts(px)).bytes();
    }

    /**
     * CBIS-DDSM as downloaded from TCIA: one folder per case ({@code Mass-Training_P_00001_LEFT_CC}) holding
     * renamed study/series folders and {@code 1-1.dcm}; the case description CSVs list the UID paths. 24
     * patients with two views each, mass (training) and calcification (test) tables.
     */
    static Path mammograms(Path dir) throws IOException {
        Random r = new Random(4);
        String massHeader = "patient_id,breast_density,left or right breast,image view,abnormality id,abnormality type,mass shape,mass margins,"
                + "assessment,pathology,subtlety,image file path,cropped image file path,ROI mask file path";
        String calcHeader = "patient_id,breast density,left or right breast,image view,abnormality id,abnormality type,calc type,"
                + "calc distribution,assessment,pathology,subtlety,image file path,cropped image file path,ROI mask file path";
        List<String> mass = new ArrayList<>(List.of(massHeader));
        List<String> calc = new ArrayList<>(List.of(calcHeader));
        String[] benign = {"BENIGN", "BENIGN_WITHOUT_CALLBACK"};
        for (int p = 1; p <= 24; p++) {
            String patient = String.format("P_%05d", p);
            boolean malignant = p % 2 == 0;
            String pathology = malignant ? "MALIGNANT" : benign[(p / 2) % 2];
            boolean isMass = p <= 16;
            for (String view : List.of("CC", "MLO")) {
                String caseFolder = (isMass ? "Mass-Training_" : "Calc-Test_") + patient + "_LEFT_" + view;
                Path file = dir.resolve(caseFolder).resolve("07-20-2016-DDSM-" + (70000 + p)).resolve("1.000000-full mammogram images-" + (20000 + p))
                        .resolve("1-1.dcm");
                Files.createDirectories(file.getParent());
                Files.write(file, dicom(r, malignant ? 1 : 0, patient));
                String listed = caseFolder + "/1.3.6.1.4.1.9590.100.1.2." + (1000 + p) + "/1.3.6.1.4.1.9590.100.1.2." + (2000 + p) + "/000000.dcm";
                if (isMass) {
                    mass.add(patient + ",3,LEFT," + view + ",1,mass,OVAL,CIRCUMSCRIBED," + (malignant ? 5 : 3) + "," + pathology + ",3," + listed
                            + ",crop.dcm,roi.dcm");
                } else {
                    calc.add(patient + ",2,LEFT," + view + ",1,calcification,PLEOMORPHIC,CLUSTERED," + (malignant ? 5 : 3) + "," + pathology + ",2,"
                            + listed + ",crop.dcm,roi.dcm");
                }
            }
        }
        Files.write(dir.resolve("mass_case_description_train_set.csv"), mass);
        Files.write(dir.resolve("calc_case_description_test_set.csv"), calc);
        return dir;
    }

    /**
     * MRNet v1.0: {@code MRNet-v1.0/{train,valid}/sagittal/NNNN.npy} uint8 volumes (2 slices here) and the
     * headerless {@code {split}-{abnormal,acl,meniscus}.csv}; 10 exams per class plus one abnormal-only exam
     * (excluded by the preset).
     */
    static Path knee(Path dir) throws IOException {
        Random r = new Random(5);
        Path release = dir.resolve("MRNet-v1.0");
        for (String split : List.of("train", "valid")) {
            int base = split.equals("train") ? 0 : 1130;
            int exams = split.equals("train") ? 25 : 6;
            StringBuilder abnormal = new StringBuilder();
            StringBuilder acl = new StringBuilder();
            StringBuilder meniscus = new StringBuilder();
            for (int e = 0; e < exams; e++) {
                String id = String.format("%04d", base + e);
                // 0 normal, 1 ACL tear, 2 meniscus tear; exam 24 of train is abnormal without either (excluded).
                int kind = split.equals("train") && e == 24 ? 3 : e % 3;
                byte[] volume = new byte[2 * SIZE * SIZE];
                for (int s = 0; s < 2; s++) {
                    int[] v = pixels(r, kind == 0 || kind == 3 ? 0 : kind);
                    for (int i = 0; i < v.length; i++) {
                        volume[s * SIZE * SIZE + i] = (byte) v[i];
                    }
                }
                NpyWriter.writeNpy(release.resolve(split).resolve("sagittal").resolve(id + ".npy"), "|u1", new long[] {2, SIZE, SIZE}, volume);
                abnormal.append(id).append(',').append(kind == 0 ? 0 : 1).append('\n');
                acl.append(id).append(',').append(kind == 1 ? 1 : 0).append('\n');
                meniscus.append(id).append(',').append(kind == 2 ? 1 : 0).append('\n');
            }
            Files.writeString(release.resolve(split + "-abnormal.csv"), abnormal);
            Files.writeString(release.resolve(split + "-acl.csv"), acl);
            Files.writeString(release.resolve(split + "-meniscus.csv"), meniscus);
        }
        return dir;
    }

    /** ISIC 2018 task 3: {@code ISIC_*.jpg} and the one-hot ground truth CSV; 10 images per diagnosis. */
    static Path isic(Path dir) throws IOException {
        Random r = new Random(6);
        String[] classes = {"MEL", "NV", "BCC", "AKIEC", "BKL", "DF", "VASC"};
        StringBuilder csv = new StringBuilder("image," + String.join(",", classes) + "\n");
        int n = 0;
        for (int i = 0; i < 10; i++) {
            for (int c = 0; c < classes.length; c++) {
                String id = String.format("ISIC_%07d", 24306 + n++);
                TestImages.write(rgb(r, c % 4), "jpeg", dir.resolve("ISIC2018_Task3_Training_Input").resolve(id + ".jpg"));
                csv.append(id);
                for (int k = 0; k < classes.length; k++) {
                    csv.append(k == c ? ",1.0" : ",0.0");
                }
                csv.append('\n');
            }
        }
        Path gt = dir.resolve("ISIC2018_Task3_Training_GroundTruth").resolve("ISIC2018_Task3_Training_GroundTruth.csv");
        Files.createDirectories(gt.getParent());
        Files.writeString(gt, csv);
        return dir;
    }

    /** PatchCamelyon's training split files (48 patches of 96 px), copied from the committed fixture. */
    static Path pcam(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String part : List.of("x", "y")) {
            String name = "camelyonpatch_level_2_split_train_" + part + ".h5";
            try (InputStream in = MiniatureReleases.class.getResourceAsStream("pcam-miniature/" + name)) {
                if (in == null) {
                    throw new IOException("test resource pcam-miniature/" + name + " is missing; run tools/make_pcam_miniature.py");
                }
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir;
    }
}
