package org.medtl.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each preset on a miniature copy of its public release's layout. */
class StudyPresetsTest {

    @TempDir
    Path root;

    private Path png(String rel) throws IOException {
        return TestImages.write(TestImages.grey8(16, 12), "png", root.resolve(rel));
    }

    private Path jpg(String rel) throws IOException {
        return TestImages.write(TestImages.rgb(16, 12, 1, 2, 3), "jpeg", root.resolve(rel));
    }

    private Dataset read(String preset) throws Exception {
        return DatasetReader.read(DatasetSettings.of(root.toString()).withPreset(preset).withFolds("stratified", 2, 3));
    }

    @Test
    void thyroidLabelsFromTiradsInTheXmlAndCaseAsPatient() throws Exception {
        String[] tirads = {"2", "3", "4a", "4c", "5", ""};
        Files.createDirectories(root.resolve("ddti"));
        for (int c = 1; c <= 6; c++) {
            Files.writeString(root.resolve("ddti/" + c + ".xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><case><number>" + c
                    + "</number><age>40</age><tirads>" + tirads[c - 1] + "</tirads><mark><image>1</image><svg>[]</svg></mark></case>");
            jpg("ddti/" + c + "_1.jpg");
            if (c % 2 == 0) {
                jpg("ddti/" + c + "_2.jpg");
            }
        }
        Dataset d = DatasetReader.read(DatasetSettings.of(root.toString()).withPreset("thyroid").withFolds("group", 2, 3));
        Manifest m = d.manifest();
        assertEquals(List.of("benign", "malignant"), m.classes());
        // cases 1, 2(x2) benign; 3, 4(x2), 5 malignant; 6 (x2) has no TI-RADS: excluded.
        assertArrayEquals(new int[] {3, 4}, m.classCounts());
        assertEquals(2, d.excluded().size());
        assertEquals(2, m.samples().stream().filter(s -> s.group().equals("case4")).count());
        assertEquals(9, d.found());
    }

    @Test
    void breastMalignantByFileNameNormalIsBenignMasksExcluded() throws Exception {
        png("Dataset_BUSI_with_GT/benign/benign (1).png");
        png("Dataset_BUSI_with_GT/benign/benign (1)_mask.png");
        png("Dataset_BUSI_with_GT/benign/benign (2).png");
        png("Dataset_BUSI_with_GT/malignant/malignant (1).png");
        png("Dataset_BUSI_with_GT/malignant/malignant (1)_mask.png");
        png("Dataset_BUSI_with_GT/malignant/malignant (2).png");
        png("Dataset_BUSI_with_GT/normal/normal (1).png");
        png("Dataset_BUSI_with_GT/normal/normal (2).png");
        Dataset d = read("breast");
        assertArrayEquals(new int[] {4, 2}, d.manifest().classCounts());
        assertEquals(2, d.excluded().size());
    }

    @Test
    void chestPatientFromFileNameAcrossTheReleaseSplits() throws Exception {
        jpg("chest_xray/train/NORMAL/IM-0115-0001.jpeg");
        jpg("chest_xray/test/NORMAL/IM-0115-0002.jpeg");
        jpg("chest_xray/train/NORMAL/NORMAL2-IM-0115-0001.jpeg");
        jpg("chest_xray/val/NORMAL/IM-0117-0001.jpeg");
        jpg("chest_xray/train/PNEUMONIA/person1_bacteria_1.jpeg");
        jpg("chest_xray/test/PNEUMONIA/person1_virus_6.jpeg");
        jpg("chest_xray/train/PNEUMONIA/person22_bacteria_77.jpeg");
        jpg("chest_xray/train/PNEUMONIA/person30_virus_1.jpeg");
        Dataset d = DatasetReader.read(DatasetSettings.of(root.toString()).withPreset("chest").withFolds("group", 2, 3));
        Manifest m = d.manifest();
        assertArrayEquals(new int[] {4, 4}, m.classCounts());
        assertEquals(List.of("IM-0115", "IM-0117", "NORMAL2-IM-0115", "person1", "person22", "person30"),
                m.samples().stream().map(Sample::group).distinct().sorted().toList());
        assertTrue(Folds.leaks(m).isEmpty());
    }

    @Test
    void isicOneHotGroundTruth() throws Exception {
        jpg("ISIC2018_Task3_Training_Input/ISIC_0000001.jpg");
        jpg("ISIC2018_Task3_Training_Input/ISIC_0000002.jpg");
        jpg("ISIC2018_Task3_Training_Input/ISIC_0000003.jpg");
        jpg("ISIC2018_Task3_Training_Input/ISIC_0000004.jpg");
        Files.createDirectories(root.resolve("ISIC2018_Task3_Training_GroundTruth"));
        Files.writeString(root.resolve("ISIC2018_Task3_Training_GroundTruth/ISIC2018_Task3_Training_GroundTruth.csv"),
                "image,MEL,NV,BCC,AKIEC,BKL,DF,VASC\nISIC_0000001,0.0,1.0,0.0,0.0,0.0,0.0,0.0\nISIC_0000002,1.0,0.0,0.0,0.0,0.0,0.0,0.0\n"
                        + "ISIC_0000003,0.0,1.0,0.0,0.0,0.0,0.0,0.0\nISIC_0000004,0.0,0.0,0.0,0.0,0.0,0.0,1.0\n");
        Dataset d = DatasetReader.read(DatasetSettings.of(root.toString()).withPreset("isic").withFolds("stratified", 2, 3)
                .withProblems("skip", true));
        assertEquals(StudyPresets.ISIC_CLASSES, d.manifest().classes());
        assertArrayEquals(new int[] {1, 2, 0, 0, 0, 0, 1}, d.manifest().classCounts());
    }

    @Test
    void mammogramsOneSamplePerCsvRowWithPatientAndBenignWithoutCallback() throws Exception {
        byte[] dcm = DatasetReaderTest.threeFrameDicom();
        // TCIA layout: <case folder>/<renamed study>/<renamed series>/1-1.dcm; the CSV lists UID folders.
        for (String c : List.of("Mass-Training_P_00001_LCC", "Mass-Training_P_00001_RCC", "Calc-Test_P_00038_LCC", "Calc-Test_P_00041_CC")) {
            Path f = root.resolve("CBIS-DDSM/" + c + "/07-20-2016-DDSM-74994/1.000000-full mammogram images-24515/1-1.dcm");
            Files.createDirectories(f.getParent());
            Files.write(f, dcm);
        }
        Files.writeString(root.resolve("mass_case_description_train_set.csv"),
                "patient_id,breast_density,left or right breast,image view,abnormality id,abnormality type,mass shape,mass margins,assessment,pathology,subtlety,image file path,cropped image file path,ROI mask file path\n"
                        + "P_00001,3,LEFT,CC,1,mass,IRREGULAR,SPICULATED,4,MALIGNANT,4,Mass-Training_P_00001_LCC/1.3.6.1.4.1.9590.100.1.2.1/1.3.6.1.4.1.9590.100.1.2.2/000000.dcm,x,y\n"
                        + "P_00001,3,LEFT,CC,2,mass,OVAL,CIRCUMSCRIBED,3,BENIGN,4,Mass-Training_P_00001_LCC/1.3.6.1.4.1.9590.100.1.2.1/1.3.6.1.4.1.9590.100.1.2.2/000000.dcm,x,y\n"
                        + "P_00001,3,RIGHT,CC,1,mass,OVAL,CIRCUMSCRIBED,3,BENIGN_WITHOUT_CALLBACK,4,Mass-Training_P_00001_RCC/1.3/1.4/000000.dcm,x,y\n");
        Files.writeString(root.resolve("calc_case_description_test_set.csv"),
                "patient_id,breast density,left or right breast,image view,abnormality id,abnormality type,calc type,calc distribution,assessment,pathology,subtlety,image file path,cropped image file path,ROI mask file path\n"
                        + "P_00038,2,LEFT,CC,1,calcification,PLEOMORPHIC,CLUSTERED,4,MALIGNANT,2,\"Calc-Test_P_00038_LCC/1.3/1.4/000000.dcm\n\",x,y\n"
                        + "P_00041,2,LEFT,CC,1,calcification,PUNCTATE,CLUSTERED,3,BENIGN,2,Calc-Test_P_00041_CC/1.3/1.4/000000.dcm,x,y\n");
        Dataset d = DatasetReader.read(DatasetSettings.of(root.toString()).withPreset("mammograms").withFolds("group", 2, 3));
        Manifest m = d.manifest();
        // 5 rows; each file has 3 frames in this miniature, so 15 samples, 3 patients.
        assertEquals(15, m.samples().size());
        assertArrayEquals(new int[] {9, 6}, m.classCounts());
        assertEquals(List.of("P_00001", "P_00038", "P_00041"), m.samples().stream().map(Sample::group).distinct().sorted().toList());
        assertTrue(Folds.leaks(m).isEmpty());
    }

    @Test
    void kneeOneSamplePerSagittalSliceExamAsPatient() throws Exception {
        byte[] volume = new byte[5 * 8 * 8];
        for (String split : List.of("train", "valid")) {
            for (int e = 0; e < 4; e++) {
                String exam = String.format("%04d", split.equals("train") ? e : 1130 + e);
                NpyWriter.writeNpy(root.resolve("MRNet-v1.0/" + split + "/sagittal/" + exam + ".npy"), "|u1", new long[] {5, 8, 8}, volume);
                NpyWriter.writeNpy(root.resolve("MRNet-v1.0/" + split + "/coronal/" + exam + ".npy"), "|u1", new long[] {5, 8, 8}, volume);
            }
            int base = split.equals("train") ? 0 : 1130;
            // exam 0: normal; 1: acl (+meniscus); 2: meniscus; 3: abnormal only -> excluded.
            Files.writeString(root.resolve("MRNet-v1.0/" + split + "-abnormal.csv"), rows(base, 0, 1, 1, 1));
            Files.writeString(root.resolve("MRNet-v1.0/" + split + "-acl.csv"), rows(base, 0, 1, 0, 0));
            Files.writeString(root.resolve("MRNet-v1.0/" + split + "-meniscus.csv"), rows(base, 0, 1, 1, 0));
        }
        Dataset d = DatasetReader.read(DatasetSettings.of(root.toString()).withPreset("knee").withFolds("group", 2, 3).withPresetOptions(10_000, 3));
        Manifest m = d.manifest();
        assertEquals(List.of("normal", "acl", "meniscus"), m.classes());
        assertArrayEquals(new int[] {6, 6, 6}, m.classCounts());
        assertEquals(List.of(1, 2, 3), m.samples().stream().filter(s -> s.group().equals("train-0000")).map(Sample::index).toList());
        // 2 excluded exams + 2 slices outside the middle 3 of each of the 6 used exams.
        assertEquals(2 + 12, d.excluded().size());
        assertTrue(Folds.leaks(m).isEmpty());
    }

    private static String rows(int base, int... labels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels.length; i++) {
            sb.append(String.format("%04d", base + i)).append(',').append(labels[i]).append('\n');
        }
        return sb.toString();
    }

    @Test
    void pcamSmallSamplesPatchesWithTheSeed() throws Exception {
        for (String part : List.of("x", "y")) {
            try (InputStream in = getClass().getResourceAsStream("pcam/camelyonpatch_level_2_split_valid_" + part + ".h5")) {
                Files.copy(in, root.resolve("camelyonpatch_level_2_split_train_" + part + ".h5"));
            }
        }
        DatasetSettings s = DatasetSettings.of(root.toString()).withPreset("pcam-small").withFolds("stratified", 2, 5).withPresetOptions(8, 0);
        Manifest a = DatasetReader.read(s).manifest();
        Manifest b = DatasetReader.read(s).manifest();
        Manifest c = DatasetReader.read(s.withFolds("stratified", 2, 6)).manifest();
        assertEquals(8, a.samples().size());
        assertEquals(a.samples(), b.samples());
        assertTrue(!a.samples().stream().map(Sample::index).toList().equals(c.samples().stream().map(Sample::index).toList()));
        assertEquals(List.of("no-tumour", "tumour"), a.classes());
        for (Sample x : a.samples()) {
            assertEquals(x.index() % 2, x.labelIndex());
        }
    }
}
