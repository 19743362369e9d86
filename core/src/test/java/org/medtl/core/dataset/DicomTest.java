package org.medtl.core.dataset;

import org.medtl.core.io.Csv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DICOM reader against pydicom's decoding of real files (tools/make_dicom_fixtures.py), and hand-built files. */
class DicomTest {

    @TempDir
    static Path fixtures;

    static List<Map<String, String>> reference;

    @BeforeAll
    static void copyFixtures() throws IOException {
        for (String name : List.of("CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_RLE.dcm",
                "image_dfl.dcm", "ExplVR_BigEnd.dcm", "SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_small_odd.dcm", "SC_rgb_jpeg_dcmtk.dcm",
                "rtdose.dcm", "SC_rgb_rle.dcm", "SC_rgb_jpeg_gdcm.dcm", "JPGExtended.dcm", "test-SR.dcm", "MR_truncated.dcm", "MR_small_jp2klossless.dcm", "SC_ybr_full_422_uncompressed.dcm",
                "reference.npz", "reference.csv")) {
            try (InputStream in = DicomTest.class.getResourceAsStream("dicom/" + name)) {
                Files.copy(in, fixtures.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        reference = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(fixtures.resolve("reference.csv"), StandardCharsets.UTF_8)) {
            List<List<String>> rows = Csv.readAll(r, ',', "reference.csv");
            for (List<String> row : rows.subList(1, rows.size())) {
                Map<String, String> m = new java.util.HashMap<>();
                for (int i = 0; i < row.size(); i++) {
                    m.put(rows.get(0).get(i), row.get(i));
                }
                reference.add(m);
            }
        }
    }

    private static int[] referenceStored(String file) throws IOException {
        NumpyImages.Loaded l = NumpyImages.npzEntry(fixtures.resolve("reference.npz"), file.replace(".dcm", ""));
        int n = (int) l.header().elementCount();
        float[] f = new float[n];
        l.header().toFloats(ByteBuffer.wrap(l.data()), f, n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.round(f[i]);
        }
        return out;
    }

    @Test
    void headersAndStoredValuesMatchPydicomInEverySupportedSyntax() throws IOException {
        assertEquals(12, reference.size());
        for (Map<String, String> ref : reference) {
            String name = ref.get("file");
            DicomFile d = DicomFile.read(fixtures.resolve(name));
            assertEquals(ref.get("transfer_syntax"), d.transferSyntax, name);
            assertEquals(Integer.parseInt(ref.get("rows")), d.rows, name);
            assertEquals(Integer.parseInt(ref.get("columns")), d.columns, name);
            assertEquals(Integer.parseInt(ref.get("frames")), d.frames, name);
            assertEquals(Integer.parseInt(ref.get("samples_per_pixel")), d.samplesPerPixel, name);
            assertEquals(ref.get("photometric"), d.photometric, name);
            assertEquals(Integer.parseInt(ref.get("bits_stored")), d.bitsStored, name);
            assertEquals(Double.parseDouble(ref.get("rescale_intercept")), d.rescaleIntercept, name);
            int[] expected = referenceStored(name);
            int frameSize = expected.length / d.frames;
            int tolerance = ref.get("lossy").equals("1") ? 3 : 0;
            for (int f = 0; f < d.frames; f++) {
                int[] got = d.storedValues(f);
                assertEquals(frameSize, got.length, name);
                int worst = 0;
                for (int i = 0; i < frameSize; i++) {
                    worst = Math.max(worst, Math.abs(got[i] - expected[f * frameSize + i]));
                }
                assertTrue(worst <= tolerance, name + " frame " + f + ": largest difference to pydicom " + worst);
            }
        }
    }

    @Test
    void jpegLosslessDecodesToExactlyTheSameImageAsItsRleTwin() throws IOException {
        DicomFile d = DicomFile.read(fixtures.resolve("SC_rgb_jpeg_gdcm.dcm"));
        assertEquals(DicomFile.JPEG_LOSSLESS_SV1, d.transferSyntax);
        int[] expected = referenceStored("SC_rgb_rle.dcm");
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, d.storedValues(0));
    }

    /** JPEG 2000 through the ImageIO plugin, on the test class path only with -Pjpeg2000 (never shipped; see DicomFile). */
    @Test
    void jpeg2000LosslessWithAPluginDecodesToTheUncompressedTwin() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(DicomFile.jpeg2000Reader() != null, "no JPEG 2000 ImageIO plugin");
        DicomFile d = DicomFile.read(fixtures.resolve("MR_small_jp2klossless.dcm"));
        assertEquals(DicomFile.JPEG2000_LOSSLESS, d.transferSyntax);
        org.junit.jupiter.api.Assertions.assertArrayEquals(referenceStored("MR_small.dcm"), d.storedValues(0));
    }

    @Test
    void fileWindowIsAppliedWithTheStandardsLinearFunction() throws IOException {
        int[] stored = referenceStored("MR_small.dcm");
        Pixels p = DicomImages.readFrame(fixtures.resolve("MR_small.dcm"), 0, null);
        for (int i = 0; i < stored.length; i++) {
            double x = stored[i];
            // PS3.3 C.11.2.1.2.1 with c = 600, w = 1600.
            double y = x <= 600 - 0.5 - 799.5 ? 0 : x > 600 - 0.5 + 799.5 ? 255 : ((x - 599.5) / 1599 + 0.5) * 255;
            assertEquals(y, p.data()[i], 1e-3, "pixel " + i);
        }
        Pixels custom = DicomImages.readFrame(fixtures.resolve("MR_small.dcm"), 0, new Window(1000, 2));
        for (int i = 0; i < stored.length; i++) {
            // Width 2: values up to c - 1 map to 0, the rest to 255 (integers never fall strictly inside).
            assertEquals(stored[i] <= 999 ? 0f : 255f, custom.data()[i], 1e-3f);
        }
    }

    @Test
    void withoutWindowTheModalityRangeIsStretched() throws IOException {
        int[] stored = referenceStored("CT_small.dcm");
        int min = java.util.Arrays.stream(stored).min().orElseThrow();
        int max = java.util.Arrays.stream(stored).max().orElseThrow();
        Pixels p = DicomImages.readFrame(fixtures.resolve("CT_small.dcm"), 0, null);
        for (int i = 0; i < stored.length; i += 97) {
            // Rescale (slope 1, intercept -1024) shifts min and max alike, so the stretch is of the stored range.
            assertEquals((stored[i] - min) * 255.0 / (max - min), p.data()[i], 1e-3);
        }
    }

    @Test
    void sampledNearestReadingEqualsDecodingTheWholeFrameThenResizing(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.dcm");
        DatasetBenchmark.writeDicom16(big, 1100, 1000, new java.util.Random(3));
        assertTrue(Files.size(big) > (1 << 20), "large enough to be memory-mapped");
        for (Path f : List.of(fixtures.resolve("MR_small.dcm"), fixtures.resolve("CT_small.dcm"), fixtures.resolve("ExplVR_BigEnd.dcm"),
                fixtures.resolve("MR_small_RLE.dcm"), fixtures.resolve("rtdose.dcm"), big)) {
            for (Window w : java.util.Arrays.asList(null, new Window(900, 700))) {
                Pixels full = DicomImages.readFrame(f, 0, w);
                float[] expected = Interpolation.NEAREST.resize(full.data(), full.height(), full.width(), full.channels(), 37, 23);
                Pixels sampled = DicomImages.readFrameSampled(f, 0, w, 37, 23);
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, sampled.data(), f.getFileName() + " window " + w);
            }
        }
    }

    @Test
    void unsupportedAndDamagedFilesSayWhy() {
        assertTrue(message("test-SR.dcm").contains("structured report"), message("test-SR.dcm"));
        assertTrue(message("MR_truncated.dcm").contains("truncated"), message("MR_truncated.dcm"));
        assertTrue(message("SC_ybr_full_422_uncompressed.dcm").contains("YBR_FULL_422"), message("SC_ybr_full_422_uncompressed.dcm"));
        if (DicomFile.jpeg2000Reader() == null) {
            String j2k = message("MR_small_jp2klossless.dcm");
            assertTrue(j2k.contains("JPEG 2000 Lossless (1.2.840.10008.1.2.4.90)") && j2k.contains("jai-imageio-jpeg2000"), j2k);
        }
        String twelveBit = message("JPGExtended.dcm");
        assertTrue(twelveBit.contains("JPEG Extended (Process 2 & 4) (1.2.840.10008.1.2.4.51)") && twelveBit.contains("precision 12"), twelveBit);
    }

    private static String message(String name) {
        Sample s = new Sample(name, fixtures.resolve(name), "", 0, "x", 0, "", List.of());
        ImageReadException e = assertThrows(ImageReadException.class, () -> SampleDecoder.decode(s, null));
        return e.getMessage();
    }

    @Test
    void handWrittenMultiFrameMonochrome1WithTwelveSignedBitsAndASequence(@TempDir Path dir) throws IOException {
        // 2 frames of 2x3, 12 bits stored in 16 allocated, signed; rescale 2x - 100; window 0/200; MONOCHROME1.
        short[] values = {-2048, -1, 0, 1, 100, 2047, 5, 6, 7, 8, 9, 10};
        for (String syntax : List.of(DicomFile.EXPLICIT_LE, DicomFile.IMPLICIT_LE)) {
            byte[] file = new DicomWriter(syntax)
                    .text(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7")
                    .undefinedLengthSequence(0x0008, 0x1140)
                    .us(0x0028, 0x0002, 1)
                    .text(0x0028, 0x0004, "CS", "MONOCHROME1")
                    .text(0x0028, 0x0008, "IS", "2")
                    .us(0x0028, 0x0010, 2)
                    .us(0x0028, 0x0011, 3)
                    .us(0x0028, 0x0100, 16)
                    .us(0x0028, 0x0101, 12)
                    .us(0x0028, 0x0102, 11)
                    .us(0x0028, 0x0103, 1)
                    .text(0x0028, 0x1050, "DS", "0\\50")
                    .text(0x0028, 0x1051, "DS", "200\\10")
                    .text(0x0028, 0x1052, "DS", "-100")
                    .text(0x0028, 0x1053, "DS", "2")
                    .raw(0x7FE0, 0x0010, "OW", DicomWriter.shorts(mask12(values)))
                    .bytes();
            Path f = dir.resolve("hand-" + syntax + ".dcm");
            Files.write(f, file);
            assertEquals(2, DicomImages.frameCount(f));
            DicomFile d = DicomFile.read(f);
            int[] frame1 = d.storedValues(1);
            assertEquals(List.of(5, 6, 7, 8, 9, 10), java.util.Arrays.stream(frame1).boxed().toList(), syntax);
            int[] frame0 = d.storedValues(0);
            assertEquals(-2048, frame0[0]);
            assertEquals(2047, frame0[5]);
            Pixels p = DicomImages.readFrame(f, 0, null);
            for (int i = 0; i < 6; i++) {
                double m = 2.0 * values[i] - 100;
                double y = m <= -100.5 ? 0 : m > 99.5 ? 255 : ((m + 0.5) / 199 + 0.5) * 255;
                assertEquals(255 - y, p.data()[i], 1e-3, syntax + " pixel " + i);
            }
            Sample frame = new Sample("hand:1", f, "", 1, "x", 0, "", List.of());
            assertEquals(3 * 4 * 4, ImagePipeline.of(4, Preprocessing.CAFFE).tensor(frame).length);
        }
    }

    /** Values as a 12-bit two's complement field in 16 bits, with garbage in the unused high bits. */
    private static short[] mask12(short[] v) {
        short[] out = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (short) ((v[i] & 0x0fff) | 0xA000);
        }
        return out;
    }
}
