package org.medtl.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;
import org.medtl.core.runtime.Progress;

class DatasetReaderTest {

    @TempDir
    Path dir;

    /** A folder per class with every raster format, a nested folder, a 3-frame DICOM and an .npy stack. */
    private Path mixedFolder() throws IOException {
        Path root = dir.resolve("data");
        TestImages.write(TestImages.rgb(20, 16, 0, 0, 0), "png", root.resolve("benign/a.png"));
        TestImages.write(TestImages.grey8(20, 16), "jpeg", root.resolve("benign/b.jpg"));
        TestImages.write(TestImages.rgb(20, 16, 5, 5, 5), "bmp", root.resolve("benign/sub/c.bmp"));
        TestImages.write(TestImages.grey8(20, 16), "gif", root.resolve("malignant/d.gif"));
        TestImages.write(TestImages.grey16(20, 16), "tiff", root.resolve("malignant/e.tif"));
        TestImages.write(TestImages.rgba(20, 16), "png", root.resolve("malignant/deep/er/f.png"));
        Files.write(root.resolve("malignant/scan.dcm"), threeFrameDicom());
        byte[] stack = new byte[4 * 6 * 5];
        for (int i = 0; i < stack.length; i++) {
            stack[i] = (byte) i;
        }
        NpyWriter.writeNpy(root.resolve("benign/volume.npy"), "|u1", new long[] {4, 6, 5}, stack);
        return root;
    }

    static byte[] threeFrameDicom() {
        short[] px = new short[3 * 4 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (i * 100);
        }
        return new DicomWriter(DicomFile.EXPLICIT_LE)
                .text(0x0010, 0x0020, "LO", "PAT-1")
                .us(0x0028, 0x0002, 1).text(0x0028, 0x0004, "CS", "MONOCHROME2").text(0x0028, 0x0008, "IS", "3")
                .us(0x0028, 0x0010, 4).us(0x0028, 0x0011, 4).us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 16).us(0x0028, 0x0102, 15)
                .us(0x0028, 0x0103, 0).raw(0x7FE0, 0x0010, "OW", DicomWriter.shorts(px)).bytes();
    }

    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    @Test
    void folderPerClassReadsEveryFormatFramesAndSlices() throws Exception {
        Path root = mixedFolder();
        Map<String, String> before = hashes(root);
        // The DICOM's 3 frames share its Patient ID, so a stratified split would leak that patient.
        assertThrows(LeakageException.class, () -> DatasetReader.read(DatasetSettings.of(root.toString()).withFolds("stratified", 2, 1)));
        Dataset d = DatasetReader.read(DatasetSettings.of(root.toString()).withFolds("group", 2, 1));
        Manifest m = d.manifest();
        assertEquals(List.of("benign", "malignant"), m.classes());
        assertEquals(3, m.samples().stream().filter(s -> s.group().equals("PAT-1")).count());
        // benign: a, b, c, 4 slices; malignant: d, e, f, 3 frames.
        assertArrayEquals(new int[] {7, 6}, m.classCounts());
        assertTrue(m.samples().stream().anyMatch(s -> s.id().equals("malignant/scan.dcm:2") && s.index() == 2));
        assertTrue(m.samples().stream().anyMatch(s -> s.id().equals("benign/volume.npy:3") && s.index() == 3));
        assertTrue(m.samples().stream().anyMatch(s -> s.id().equals("malignant/deep/er/f.png")));
        assertEquals(13, d.found());
        assertEquals(before, hashes(root), "input files are never modified, nothing is written next to them");
        // Every sample decodes through the shared pipeline.
        ImagePipeline p = ImagePipeline.of(8, Preprocessing.TORCHVISION);
        for (Sample s : m.samples()) {
            assertEquals(192, p.tensor(s).length, s.id());
        }
        // The .npy slice 1 is the bytes 30..59 of the stack, as a 6x5 grey image.
        Sample slice = m.samples().stream().filter(s -> s.id().equals("benign/volume.npy:1")).findFirst().orElseThrow();
        float[] img = new ImagePipeline(6, 5, Interpolation.NEAREST, Preprocessing.CAFFE, null, null).image(slice);
        assertEquals(30 + 7, img[7 * 3]);
    }

    @Test
    void badFilesFailWithEveryProblemListedOrAreSkippedAndCounted() throws Exception {
        Path root = mixedFolder();
        Path good = root.resolve("benign/a.png");
        byte[] png = Files.readAllBytes(good);
        Files.write(root.resolve("benign/truncated.png"), java.util.Arrays.copyOf(png, png.length / 3));
        Files.write(root.resolve("benign/empty.png"), new byte[0]);
        Files.writeString(root.resolve("malignant/notes.txt"), "not an image");
        Files.write(root.resolve("malignant/garbage.jpg"), "GIF89a but not really".getBytes());
        try (var in = getClass().getResourceAsStream("dicom/test-SR.dcm")) {
            Files.copy(in, root.resolve("malignant/report.dcm"));
        }
        Files.writeString(root.resolve("stray.png"), "x");
        Map<String, String> before = hashes(root);

        DatasetProblemsException e = assertThrows(DatasetProblemsException.class,
                () -> DatasetReader.read(DatasetSettings.of(root.toString()).withFolds("group", 2, 1)));
        assertEquals(6, e.problems().size(), e.getMessage());
        for (String name : List.of("truncated.png", "empty.png", "notes.txt", "garbage.jpg", "report.dcm", "stray.png")) {
            assertTrue(e.getMessage().contains(name), name + " listed in: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("structured report"), e.getMessage());
        assertTrue(e.getMessage().contains("empty (0 bytes)"), e.getMessage());

        Dataset d = DatasetReader.read(DatasetSettings.of(root.toString()).withFolds("group", 2, 1).withProblems("skip", true));
        assertEquals(13, d.manifest().samples().size());
        assertEquals(6, d.problems().size());
        assertEquals(19, d.found());
        assertEquals(before, hashes(root));
    }

    @Test
    void tableWithGroupsAndAGivenSplitColumn() throws Exception {
        Path root = dir.resolve("t");
        StringBuilder csv = new StringBuilder("file\tdiagnosis\tpatient\tsplit\n");
        String[] splits = {"train", "train", "valid", "test"};
        for (int i = 0; i < 8; i++) {
            TestImages.write(TestImages.grey8(10, 10), "png", root.resolve("img/" + i + ".png"));
            csv.append("img/").append(i).append(".png\t").append(i % 2 == 0 ? "no" : "yes").append("\tP").append(i / 2).append('\t')
                    .append(splits[i / 2]).append('\n');
        }
        Files.writeString(root.resolve("labels.tsv"), csv);
        DatasetSettings s = DatasetSettings.of(root.resolve("labels.tsv").toString()).withColumns("file", "diagnosis", "patient", "split")
                .withFolds("given", 5, 0);
        Dataset d = DatasetReader.read(s);
        assertEquals(1, d.manifest().foldCount());
        assertEquals(4, d.manifest().samples(0, Split.TRAIN).size());
        assertEquals(2, d.manifest().samples(0, Split.VAL).size());
        assertEquals("P3", d.manifest().samples(0, Split.TEST).get(0).group());

        // A split column that puts one patient into train and test fails the leakage check.
        Files.writeString(root.resolve("leaky.csv"), "path,label,patient,fold\nimg/0.png,a,P1,1\nimg/1.png,b,P1,2\nimg/2.png,a,P2,2\nimg/3.png,b,P3,1\n");
        LeakageException leak = assertThrows(LeakageException.class, () -> DatasetReader.read(DatasetSettings.of(root.resolve("leaky.csv").toString())
                .withColumns("path", "label", "patient", "fold").withFolds("given", 5, 0)));
        assertTrue(leak.getMessage().contains("patient P1"), leak.getMessage());

        // A missing column names the setting and the columns the table has.
        IOException missing = assertThrows(IOException.class, () -> DatasetReader.read(DatasetSettings.of(root.resolve("labels.tsv").toString())));
        assertTrue(missing.getMessage().contains("'path' (setting 'pathColumn')") && missing.getMessage().contains("diagnosis"), missing.getMessage());
    }

    @Test
    void medmnistNpzKeepsItsSplitsAndDecodesEachIndex() throws Exception {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        int[] counts = {6, 2, 3};
        String[] splits = {"train", "val", "test"};
        for (int s = 0; s < 3; s++) {
            byte[] img = new byte[counts[s] * 4 * 4 * 3];
            for (int i = 0; i < img.length; i++) {
                img[i] = (byte) (i / 48 + 10 * s);
            }
            byte[] y = new byte[counts[s]];
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) (i % 3);
            }
            arrays.put(splits[s] + "_images", NpyWriter.npy("|u1", new long[] {counts[s], 4, 4, 3}, img));
            arrays.put(splits[s] + "_labels", NpyWriter.npy("|u1", new long[] {counts[s], 1}, y));
        }
        for (boolean compressed : List.of(true, false)) {
            Path npz = dir.resolve("medmnist-" + compressed + ".npz");
            NpyWriter.writeNpz(npz, arrays, compressed);
            Dataset d = DatasetReader.read(DatasetSettings.of(npz.toString()).withFolds("given", 5, 0).withClassNames(List.of("a", "b", "c")));
            Manifest m = d.manifest();
            assertEquals(List.of("a", "b", "c"), m.classes());
            assertEquals(11, m.samples().size());
            assertEquals(2, m.samples(0, Split.VAL).size());
            Sample test2 = m.samples(0, Split.TEST).get(2);
            assertEquals("test_images", test2.entry());
            assertEquals(2, test2.index());
            assertEquals("c", test2.label());
            float[] img = new ImagePipeline(4, 4, Interpolation.NEAREST, Preprocessing.CAFFE, null, null).image(test2);
            assertEquals(22f, img[0]);
            // Large members are extracted to a temporary .npy and read by offset: same pixels.
            long limit = NumpyImages.inMemoryLimit;
            NumpyImages.inMemoryLimit = 0;
            try {
                assertArrayEquals(img, new ImagePipeline(4, 4, Interpolation.NEAREST, Preprocessing.CAFFE, null, null).image(test2));
            } finally {
                NumpyImages.inMemoryLimit = limit;
            }
        }
    }

    @Test
    void pcamStyleHdf5PairReadsPatchesLazily() throws Exception {
        Path x = dir.resolve("camelyonpatch_level_2_split_valid_x.h5");
        Path y = dir.resolve("camelyonpatch_level_2_split_valid_y.h5");
        try (var in = getClass().getResourceAsStream("pcam/camelyonpatch_level_2_split_valid_x.h5")) {
            Files.copy(in, x);
        }
        try (var in = getClass().getResourceAsStream("pcam/camelyonpatch_level_2_split_valid_y.h5")) {
            Files.copy(in, y);
        }
        Dataset d = DatasetReader.read(DatasetSettings.of(x.toString()).withFolds("stratified", 2, 0));
        Manifest m = d.manifest();
        assertEquals(List.of("0", "1"), m.classes());
        assertEquals(12, m.samples().size());
        // tools/make_dataset_fixtures.py: patch i has value (i*7 + c) at every pixel of channel c; label i % 2.
        Sample five = m.samples().stream().filter(s -> s.index() == 5).findFirst().orElseThrow();
        assertEquals("1", five.label());
        float[] img = new ImagePipeline(96, 96, Interpolation.NEAREST, Preprocessing.CAFFE, null, null).image(five);
        assertEquals(35f, img[0]);
        assertEquals(37f, img[96 * 96 * 3 - 1]);
    }

    @Test
    void settingsRoundTripThroughConfigAndNameBadSettings() throws Exception {
        DatasetSettings s = DatasetSettings.of("/data/x").withFolds("nested-group", 4, 9).withColumns("p", "l", "g", "")
                .withWindow(40, 400).withClassNames(List.of("n", "m"));
        MapConfig c = new MapConfig();
        s.toConfig(c);
        assertEquals(s, DatasetSettings.fromConfig(c));
        c.addString("scheme", "random");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> DatasetSettings.fromConfig(c));
        assertTrue(e.getMessage().contains("'scheme'"), e.getMessage());
        c.addString("scheme", "nested");
        c.addString("splitColumn", "fold");
        e = assertThrows(InvalidConfigException.class, () -> DatasetSettings.fromConfig(c));
        assertTrue(e.getMessage().contains("'splitColumn'"), e.getMessage());
    }

    @Test
    void autoSchemeGroupsByPatientWhenThereArePatients() throws Exception {
        Path root = dir.resolve("chest");
        List<String> names = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            for (int k = 0; k < 2; k++) {
                String label = p % 2 == 0 ? "NORMAL" : "PNEUMONIA";
                String name = label + "/person" + p + "_bacteria_" + k + ".png";
                TestImages.write(TestImages.grey8(8, 8), "png", root.resolve(name));
                names.add(name);
            }
        }
        Dataset d = DatasetReader.read(DatasetSettings.of(root.toString()).withPatientPattern("person(\\d+)_"));
        assertEquals(FoldScheme.NESTED_GROUP, d.scheme());
        assertEquals(12, d.manifest().samples().stream().map(Sample::group).distinct().count());
        assertTrue(Folds.leaks(d.manifest()).isEmpty());
    }

    /** Files in a decoded-image cache folder: finished caches and anything half-written. */
    private static List<String> cacheFiles(Path cacheDir) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("images.lock")).sorted().toList();
        }
    }

    @Test
    void theReaderBuildsTheCacheTheFineTunersPipelineLooksUp() throws Exception {
        Path root = mixedFolder();
        Path cacheDir = dir.resolve("cache");
        DecodedImageCache cache = new DecodedImageCache(cacheDir, 1L << 30);
        List<String> messages = new ArrayList<>();
        // The reader's window is for verifying; the cache is decoded as the Fine-Tuner decodes (the files' windows).
        Dataset d = DatasetReader.read(DatasetSettings.of(root.toString()).withFolds("group", 2, 1).withImageCache(48)
                .withWindow(10, 50), (f, m) -> messages.add(m), cache);
        assertTrue(d.imageCache().ready(), d.imageCache().message());
        assertTrue(d.imageCacheWarnings().isEmpty());
        assertTrue(d.imageCache().message().contains("13 images at 48x48"), d.imageCache().message());
        assertTrue(d.summary().contains(d.imageCache().message()));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("image cache: decoding 13 images once") && m.contains("limit 1.0 GB")),
                messages.toString());
        assertEquals(1, cacheFiles(cacheDir).size(), cacheFiles(cacheDir).toString());

        List<String> later = new ArrayList<>();
        ImagePipeline fineTuners = ImagePipeline.of(48, Preprocessing.TORCHVISION);
        DecodedImageStore store = cache.open(fineTuners, d.manifest().samples(), 1, (f, m) -> later.add(m));
        assertTrue(later.stream().anyMatch(m -> m.startsWith("image cache: reading 13 decoded images")), later.toString());
        assertTrue(later.stream().noneMatch(m -> m.contains("decoding")), later.toString());
        for (Sample s : d.manifest().samples()) {
            assertArrayEquals(fineTuners.decodeFromFile(s).data(), store.get(s).data(), s.id());
        }
    }

    @Test
    void aCacheTheLimitForbidsIsAWarningNotASilentSkip() throws Exception {
        Path root = mixedFolder();
        DatasetSettings asked = DatasetSettings.of(root.toString()).withFolds("group", 2, 1).withImageCache(48);
        Dataset off = DatasetReader.read(asked, Progress.NONE, new DecodedImageCache(dir.resolve("off"), 0));
        assertEquals(List.of(off.imageCache().message()), off.imageCacheWarnings());
        assertTrue(off.imageCache().message().contains("MEDTL_IMAGE_CACHE_LIMIT is 0"), off.imageCache().message());
        Dataset small = DatasetReader.read(asked, Progress.NONE, new DecodedImageCache(dir.resolve("small"), 1000));
        assertTrue(small.imageCache().message().contains("13 images at 48x48 need"), small.imageCache().message());
        assertTrue(small.imageCache().message().contains("Raise MEDTL_IMAGE_CACHE_LIMIT"), small.imageCache().message());
        assertEquals(List.of(), cacheFiles(dir.resolve("off")));
        assertEquals(List.of(), cacheFiles(dir.resolve("small")));
        assertEquals(null, DatasetReader.read(asked.withImageCache(0), Progress.NONE, null).imageCache());
    }

    @Test
    void cancellingWhileTheCacheBuildsStopsAfterABatchAndLeavesNothing() throws Exception {
        Path root = dir.resolve("many");
        for (int i = 0; i < 100; i++) {
            TestImages.write(TestImages.rgb(40, 30, i, 0, 0), "png", root.resolve((i % 2 == 0 ? "a/" : "b/") + i + ".png"));
        }
        Path cacheDir = dir.resolve("cancelled");
        List<String> decoded = new ArrayList<>();
        Progress cancelOnFirstBatch = (f, m) -> {
            if (m.startsWith("image cache: decoded ")) {
                decoded.add(m);
                throw new java.util.concurrent.CancellationException("cancelled");
            }
        };
        DatasetSettings settings = DatasetSettings.of(root.toString()).withFolds("stratified", 2, 1).withImageCache(32).withThreads(1);
        assertThrows(java.util.concurrent.CancellationException.class,
                () -> DatasetReader.read(settings, cancelOnFirstBatch, new DecodedImageCache(cacheDir, 1L << 30)));
        assertEquals(1, decoded.size(), decoded.toString());
        assertTrue(decoded.get(0).startsWith("image cache: decoded 25/100 images"), decoded.toString());
        assertEquals(List.of(), cacheFiles(cacheDir));
        assertTrue(org.medtl.core.io.TempOutputs.open().stream().noneMatch(p -> p.startsWith(cacheDir)), org.medtl.core.io.TempOutputs.open().toString());
    }

    @Test
    void theCacheSizeSettingRoundTripsAndHasARange() throws Exception {
        DatasetSettings s = DatasetSettings.of("/data").withImageCache(224);
        MapConfig saved = MapConfig.saved("node 'Medical Dataset Reader' (#1)", "settings.xml");
        s.toConfig(saved);
        assertEquals(s, DatasetSettings.fromConfig(saved));
        MapConfig tiny = new MapConfig();
        s.withImageCache(8).toConfig(tiny);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> DatasetSettings.fromConfig(tiny));
        assertTrue(e.getMessage().contains("'imageCacheInputSize'") && e.getMessage().contains("at least 32"), e.getMessage());
    }
}
