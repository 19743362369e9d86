package org.medtl.core.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A small, strict DICOM Part 10 reader for the image attributes a classifier needs.
 *
 * <p>Covers (PS3.5 and PS3.10): the 128-byte preamble and "DICM" prefix; the explicit VR little endian file
 * meta group; data sets in implicit VR little endian, explicit VR little endian, explicit VR big endian
 * (retired) and deflated explicit VR little endian; defined and undefined lengths, nested sequences and items
 * (skipped); native pixel data with 8, 16 or 32 bits allocated, bits stored below bits allocated, signed or
 * unsigned; planar configuration 0 and 1; multi-frame; encapsulated pixel data with or without a basic offset
 * table, decoded for RLE Lossless (Annex G, implemented here) and JPEG baseline, extended and lossless
 * (processes 1, 2/4 and 14, through TwelveMonkeys' ImageIO JPEG reader); JPEG 2000 when the user has added a
 * JPEG 2000 ImageIO plugin (none is shipped: the pure-Java one is under the JJ2000 licence). Every other transfer
 * syntax (JPEG-LS, HTJ2K, video, 12-bit JPEG) is an error that names it.</p>
 *
 * <p>Not covered: Palette Colour and YBR_*_422/420 native photometric interpretations, Modality LUT and VOI LUT
 * sequences (an error, or ignored in favour of the window, respectively, and stated in {@code inspect}),
 * overlays in high bits, files without the Part 10 header other than implicit VR little endian ones.</p>
 */
final class DicomFile {

    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    static final String RLE = "1.2.840.10008.1.2.5";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String JPEG2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    static final String JPEG2000 = "1.2.840.10008.1.2.4.91";

    /** Encapsulated syntaxes this reader decodes. */
    static final java.util.Set<String> DECODABLE_COMPRESSED = java.util.Set.of(RLE, JPEG_BASELINE, JPEG_EXTENDED, JPEG_LOSSLESS, JPEG_LOSSLESS_SV1);

    private static final Map<String, String> SYNTAX_NAMES = Map.ofEntries(
            Map.entry(IMPLICIT_LE, "Implicit VR Little Endian"),
            Map.entry(EXPLICIT_LE, "Explicit VR Little Endian"),
            Map.entry(DEFLATED_LE, "Deflated Explicit VR Little Endian"),
            Map.entry(EXPLICIT_BE, "Explicit VR Big Endian"),
            Map.entry(RLE, "RLE Lossless"),
            Map.entry(JPEG_BASELINE, "JPEG Baseline (Process 1)"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
            Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14, SV1)"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile"),
            Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264"),
            Map.entry("1.2.840.10008.1.2.4.201", "HTJ2K Lossless"),
            Map.entry("1.2.840.10008.1.2.4.203", "HTJ2K"));

    // Header attributes (defaults: absent).
    String transferSyntax = "";
    String sopClass = "";
    String modality = "";
    String patientId = "";
    int samplesPerPixel = -1;
    String photometric = "";
    int planarConfiguration;
    int frames = 1;
    int rows = -1;
    int columns = -1;
    int bitsAllocated = -1;
    int bitsStored = -1;
    int highBit = -1;
    int pixelRepresentation;
    double rescaleSlope = 1;
    double rescaleIntercept;
    boolean hasRescale;
    double[] windowCenter = new double[0];
    double[] windowWidth = new double[0];
    boolean hasModalityLutSequence;
    boolean hasVoiLutSequence;

    /** Native pixel data: the data set buffer and the value's range; or encapsulated fragments. */
    private ByteBuffer pixelBuffer;
    private int pixelOffset = -1;
    private int pixelLength;
    private List<byte[]> fragments;
    private int[] basicOffsets;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    static String syntaxName(String uid) {
        String n = SYNTAX_NAMES.get(uid);
        return n == null ? uid : n + " (" + uid + ")";
    }

    boolean encapsulated() {
        return fragments != null;
    }

    boolean hasPixelData() {
        return pixelOffset >= 0 || fragments != null;
    }

    static DicomFile read(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IOException("the file is empty (0 bytes)");
        }
        ByteBuffer buffer;
        if (size > (1 << 20) && size < Integer.MAX_VALUE) {
            // Large files (mammograms are 20-50 MB) are mapped, not copied: a 224-pixel sample touches few pages.
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
                buffer = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size);
            }
        } else {
            buffer = ByteBuffer.wrap(Files.readAllBytes(file));
        }
        DicomFile d = new DicomFile();
        d.parse(buffer.order(ByteOrder.LITTLE_ENDIAN));
        return d;
    }

    private void parse(ByteBuffer b) throws IOException {
        int length = b.limit();
        int start;
        if (length >= 132 && b.get(128) == 'D' && b.get(129) == 'I' && b.get(130) == 'C' && b.get(131) == 'M') {
            start = 132;
            b.position(start);
            // File meta information: always explicit VR little endian, group 0002 only.
            while (b.remaining() >= 8 && b.getShort(b.position()) == 0x0002) {
                readElement(b, true, 0);
            }
            if (transferSyntax.isEmpty()) {
                throw new IOException("the DICOM file meta information has no Transfer Syntax UID (0002,0010)");
            }
        } else if (length >= 8 && b.getShort(0) == 0x0008) {
            // Legacy files without Part 10 header: the only syntax they can be in is implicit VR little endian.
            transferSyntax = IMPLICIT_LE;
            b.position(0);
        } else {
            throw new IOException("not a DICOM file (no \"DICM\" after the 128-byte preamble)");
        }
        ByteBuffer data = b;
        boolean explicit = true;
        switch (transferSyntax) {
            case IMPLICIT_LE -> explicit = false;
            case EXPLICIT_LE -> {
            }
            case EXPLICIT_BE -> order = ByteOrder.BIG_ENDIAN;
            case DEFLATED_LE -> {
                byte[] rest = new byte[b.remaining()];
                b.get(rest);
                data = ByteBuffer.wrap(inflate(rest, 0)).order(ByteOrder.LITTLE_ENDIAN);
            }
            default -> {
                if (!DECODABLE_COMPRESSED.contains(transferSyntax) && !transferSyntax.startsWith("1.2.840.10008.1.2.4")) {
                    throw new IOException("unsupported transfer syntax " + syntaxName(transferSyntax));
                }
                // Compressed syntaxes still have a readable explicit VR little endian header; the pixel decoder refuses them.
            }
        }
        data.order(order);
        while (data.remaining() >= 8) {
            if (!readElement(data, explicit, 0)) {
                break;
            }
        }
    }

    private static byte[] inflate(byte[] bytes, int from) throws IOException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(bytes, from, bytes.length - from);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 3);
        byte[] buf = new byte[1 << 16];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("the deflated data set is truncated");
                }
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("the deflated data set is damaged (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    /** Reads one element at the buffer's position; returns false at a sequence/item delimiter. */
    private boolean readElement(ByteBuffer b, boolean explicit, int depth) throws IOException {
        int at = b.position();
        int group = Short.toUnsignedInt(b.getShort());
        int element = Short.toUnsignedInt(b.getShort());
        int tag = (group << 16) | element;
        if (group == 0xFFFE) {
            // Item (E000), item delimiter (E00D) or sequence delimiter (E0DD): no VR in any syntax.
            b.getInt();
            if (element == 0xE00D || element == 0xE0DD) {
                return false;
            }
            throw new IOException("unexpected item tag (FFFE," + hex(element) + ") at byte " + at);
        }
        String vr;
        long length;
        if (explicit || group == 0x0002) {
            if (b.remaining() < 4) {
                throw new IOException("the file is truncated inside the header of element " + tagText(tag));
            }
            vr = new String(new byte[] {b.get(), b.get()}, StandardCharsets.US_ASCII);
            if (vr.equals("OB") || vr.equals("OW") || vr.equals("OF") || vr.equals("SQ") || vr.equals("UT") || vr.equals("UN")
                    || vr.equals("OD") || vr.equals("OL") || vr.equals("OV") || vr.equals("UC") || vr.equals("UR") || vr.equals("SV") || vr.equals("UV")) {
                b.getShort();
                length = Integer.toUnsignedLong(b.getInt());
            } else if (vr.chars().allMatch(Character::isUpperCase)) {
                length = Short.toUnsignedInt(b.getShort());
            } else {
                throw new IOException("element " + tagText(tag) + " at byte " + at + " has no valid VR: the file is damaged or not in the declared transfer syntax "
                        + syntaxName(transferSyntax));
            }
        } else {
            length = Integer.toUnsignedLong(b.getInt());
            vr = length == 0xFFFFFFFFL ? "SQ" : implicitVr(tag);
        }
        if (tag == 0x7FE00010 && depth == 0) {
            readPixelData(b, length, at);
            return true;
        }
        if (tag == 0x7FE00010 && length == 0xFFFFFFFFL) {
            // Encapsulated pixel data inside a sequence (an icon image): skipped item by item.
            skipSequence(b, explicit, depth);
            return true;
        }
        if (length == 0xFFFFFFFFL) {
            if (vr.equals("SQ") || vr.equals("UN")) {
                if (tag == 0x00283000) {
                    hasModalityLutSequence = true;
                } else if (tag == 0x00283010) {
                    hasVoiLutSequence = true;
                }
                skipSequence(b, explicit && !vr.equals("UN"), depth);
                return true;
            }
            throw new IOException("element " + tagText(tag) + " has undefined length but is not a sequence");
        }
        if (length > b.remaining()) {
            throw new IOException("the file is truncated: element " + tagText(tag) + " at byte " + at + " declares " + length + " bytes, "
                    + b.remaining() + " remain");
        }
        int valueStart = b.position();
        if (vr.equals("SQ")) {
            if (tag == 0x00283000) {
                hasModalityLutSequence = true;
            } else if (tag == 0x00283010) {
                hasVoiLutSequence = true;
            }
            // Sequence items are skipped wholesale: none of the attributes used here live in sequences.
        } else if (depth == 0) {
            value(b, tag, vr, valueStart, (int) length);
        }
        b.position(valueStart + (int) length);
        return true;
    }

    private void skipSequence(ByteBuffer b, boolean explicit, int depth) throws IOException {
        while (b.remaining() >= 8) {
            int group = Short.toUnsignedInt(b.getShort());
            int element = Short.toUnsignedInt(b.getShort());
            long len = Integer.toUnsignedLong(b.getInt());
            if (group != 0xFFFE) {
                throw new IOException("malformed sequence: expected an item tag, found " + tagText((group << 16) | element));
            }
            if (element == 0xE0DD) {
                return;
            }
            if (element != 0xE000) {
                throw new IOException("malformed sequence: unexpected (FFFE," + hex(element) + ")");
            }
            if (len == 0xFFFFFFFFL) {
                while (b.remaining() >= 8 && readElement(b, explicit, depth + 1)) {
                    // elements of the item until its delimiter
                }
            } else {
                if (len > b.remaining()) {
                    throw new IOException("the file is truncated inside a sequence item");
                }
                b.position(b.position() + (int) len);
            }
        }
        throw new IOException("the file is truncated inside a sequence");
    }

    private void readPixelData(ByteBuffer b, long length, int at) throws IOException {
        if (length != 0xFFFFFFFFL) {
            if (length > b.remaining()) {
                throw new IOException("the file is truncated: Pixel Data (7FE0,0010) declares " + length + " bytes, " + b.remaining() + " remain");
            }
            pixelBuffer = b;
            pixelOffset = b.position();
            pixelLength = (int) length;
            b.position(b.position() + (int) length);
            return;
        }
        // Encapsulated (PS3.5 A.4): items, the first being the basic offset table, then a sequence delimiter.
        fragments = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (b.remaining() < 8) {
                throw new IOException("the file is truncated inside the encapsulated Pixel Data");
            }
            ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int group = Short.toUnsignedInt(le.getShort());
            int element = Short.toUnsignedInt(le.getShort());
            long len = Integer.toUnsignedLong(le.getInt());
            b.position(b.position() + 8);
            if (group == 0xFFFE && element == 0xE0DD) {
                break;
            }
            if (group != 0xFFFE || element != 0xE000 || len > b.remaining()) {
                throw new IOException("the encapsulated Pixel Data is malformed or truncated (item at byte " + (b.position() - 8) + ")");
            }
            byte[] item = new byte[(int) len];
            b.get(item);
            if (first) {
                first = false;
                basicOffsets = new int[item.length / 4];
                ByteBuffer t = ByteBuffer.wrap(item).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < basicOffsets.length; i++) {
                    basicOffsets[i] = t.getInt();
                }
            } else {
                fragments.add(item);
            }
        }
    }

    private void value(ByteBuffer b, int tag, String vr, int start, int length) {
        switch (tag) {
            case 0x00020010 -> transferSyntax = text(b, start, length);
            case 0x00080016 -> sopClass = text(b, start, length);
            case 0x00080060 -> modality = text(b, start, length);
            case 0x00100020 -> patientId = text(b, start, length);
            case 0x00280002 -> samplesPerPixel = us(b, start, length);
            case 0x00280004 -> photometric = text(b, start, length);
            case 0x00280006 -> planarConfiguration = us(b, start, length);
            case 0x00280008 -> frames = (int) first(numbers(text(b, start, length)), 1);
            case 0x00280010 -> rows = us(b, start, length);
            case 0x00280011 -> columns = us(b, start, length);
            case 0x00280100 -> bitsAllocated = us(b, start, length);
            case 0x00280101 -> bitsStored = us(b, start, length);
            case 0x00280102 -> highBit = us(b, start, length);
            case 0x00280103 -> pixelRepresentation = us(b, start, length);
            case 0x00281050 -> windowCenter = numbers(text(b, start, length));
            case 0x00281051 -> windowWidth = numbers(text(b, start, length));
            case 0x00281052 -> {
                rescaleIntercept = first(numbers(text(b, start, length)), 0);
                hasRescale = true;
            }
            case 0x00281053 -> {
                rescaleSlope = first(numbers(text(b, start, length)), 1);
                hasRescale = true;
            }
            default -> {
            }
        }
    }

    private static double first(double[] v, double fallback) {
        return v.length == 0 ? fallback : v[0];
    }

    private static String text(ByteBuffer b, int start, int length) {
        byte[] v = new byte[length];
        b.get(start, v);
        return new String(v, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
    }

    private static int us(ByteBuffer b, int start, int length) {
        return length >= 2 ? Short.toUnsignedInt(b.getShort(start)) : -1;
    }

    private static double[] numbers(String text) {
        if (text.isBlank()) {
            return new double[0];
        }
        String[] parts = text.split("\\\\");
        List<Double> out = new ArrayList<>();
        for (String p : parts) {
            try {
                out.add(Double.parseDouble(p.trim()));
            } catch (NumberFormatException e) {
                // A damaged multi-valued string: keep the parsable values.
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** VRs of the attributes read here, for implicit VR data sets; everything else is skipped by length. */
    private static String implicitVr(int tag) {
        return switch (tag) {
            case 0x00280002, 0x00280006, 0x00280010, 0x00280011, 0x00280100, 0x00280101, 0x00280102, 0x00280103 -> "US";
            case 0x00283000, 0x00283010, 0x00081140, 0x00081115 -> "SQ";
            default -> "UN";
        };
    }

    static String tagText(int tag) {
        return "(" + hex(tag >>> 16) + "," + hex(tag & 0xffff) + ")";
    }

    private static String hex(int v) {
        return String.format("%04X", v);
    }

    // ---------------------------------------------------------------------------------------------- pixels

    /** Checks that the header describes an image this reader can decode; the message says what is missing. */
    void checkImage() throws IOException {
        if (!hasPixelData()) {
            String kind = sopClass.startsWith("1.2.840.10008.5.1.4.1.1.88") ? "a structured report (SOP class " + sopClass + ")"
                    : "SOP class " + (sopClass.isEmpty() ? "unknown" : sopClass);
            throw new IOException("the DICOM file has no Pixel Data (7FE0,0010): it is " + kind + ", not an image");
        }
        if (rows <= 0 || columns <= 0) {
            throw new IOException("Rows (0028,0010) or Columns (0028,0011) missing or zero");
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            throw new IOException("Samples per Pixel (0028,0002) is " + samplesPerPixel + "; 1 or 3 are supported");
        }
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new IOException("Bits Allocated (0028,0100) is " + bitsAllocated + "; 8, 16 and 32 are supported");
        }
        if (bitsStored <= 0 || bitsStored > bitsAllocated) {
            bitsStored = bitsAllocated;
        }
        if (frames < 1) {
            throw new IOException("Number of Frames (0028,0008) is " + frames);
        }
        boolean grey = photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2");
        boolean colour = photometric.equals("RGB") || photometric.equals("YBR_FULL")
                || (encapsulated() && (photometric.startsWith("YBR_") || photometric.equals("RGB")));
        if (!(grey && samplesPerPixel == 1) && !(colour && samplesPerPixel == 3)) {
            throw new IOException("Photometric Interpretation '" + photometric + "' with " + samplesPerPixel
                    + " sample(s) per pixel is not supported (MONOCHROME1, MONOCHROME2, RGB and native YBR_FULL are)");
        }
        if (hasModalityLutSequence) {
            throw new IOException("the file uses a Modality LUT Sequence (0028,3000), which this reader does not apply; convert it to rescale slope/intercept");
        }
        if (!encapsulated()) {
            long frameBytes = (long) rows * columns * samplesPerPixel * (bitsAllocated / 8);
            if (frameBytes * frames > pixelLength) {
                throw new IOException("Pixel Data holds " + pixelLength + " bytes, but " + frames + " frame(s) of " + rows + "x" + columns + "x"
                        + samplesPerPixel + " at " + bitsAllocated + " bits need " + frameBytes * frames + ": the file is truncated or its header is wrong");
            }
        } else if ((transferSyntax.equals(JPEG2000_LOSSLESS) || transferSyntax.equals(JPEG2000)) && jpeg2000Reader() == null) {
            throw new IOException("compressed transfer syntax " + syntaxName(transferSyntax) + " needs a JPEG 2000 ImageIO reader, and none is on "
                    + "the class path. MedTL does not ship one (the only pure-Java one, com.github.jai-imageio:jai-imageio-jpeg2000, is under "
                    + "the JJ2000 licence); add that jar if its licence suits you, or decompress the file first (gdcmconv --raw)");
        } else if (!DECODABLE_COMPRESSED.contains(transferSyntax) && !transferSyntax.equals(JPEG2000_LOSSLESS) && !transferSyntax.equals(JPEG2000)) {
            throw new IOException("compressed transfer syntax " + syntaxName(transferSyntax)
                    + " is not supported (native, deflated, RLE Lossless, JPEG Baseline, JPEG Extended and JPEG Lossless are); "
                    + "decompress the file first, e.g. with dcmdjpeg or gdcmconv --raw");
        }
    }

    /**
     * Stored values of one frame, interleaved by sample ({@code [(y*columns + x)*samples + s]}), sign-extended
     * per Pixel Representation and masked to Bits Stored.
     */
    /**
     * Stored values at rows {@code ys} and columns {@code xs} only (nearest-neighbour resizing without decoding the
     * rest): native single-sample data is read in place; other data is decoded whole, then sampled.
     */
    int[] storedSampled(int frame, int[] ys, int[] xs) throws IOException {
        if (encapsulated() || samplesPerPixel != 1) {
            int[] all = storedValues(frame);
            int[] out = new int[ys.length * xs.length * samplesPerPixel];
            int o = 0;
            for (int y : ys) {
                for (int x : xs) {
                    for (int c = 0; c < samplesPerPixel; c++) {
                        out[o++] = all[(y * columns + x) * samplesPerPixel + c];
                    }
                }
            }
            return out;
        }
        checkImage();
        checkFrame(frame);
        int bytesPer = bitsAllocated / 8;
        ByteBuffer b = pixelBuffer.duplicate().order(order);
        long base = pixelOffset + (long) frame * rows * columns * bytesPer;
        int[] out = new int[ys.length * xs.length];
        int o = 0;
        for (int y : ys) {
            for (int x : xs) {
                int p = (int) (base + ((long) y * columns + x) * bytesPer);
                long raw = switch (bytesPer) {
                    case 1 -> b.get(p) & 0xff;
                    case 2 -> b.getShort(p) & 0xffff;
                    default -> b.getInt(p) & 0xffffffffL;
                };
                out[o++] = storedValue(raw);
            }
        }
        return out;
    }

    /** Minimum and maximum stored value of a frame (for the value-range window), without keeping the frame. */
    int[] storedRange(int frame) throws IOException {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        if (!encapsulated() && samplesPerPixel == 1 && bitsAllocated == 16) {
            checkImage();
            checkFrame(frame);
            java.nio.ShortBuffer sb = pixelBuffer.duplicate().position(pixelOffset + frame * rows * columns * 2).slice().order(order).asShortBuffer();
            for (int i = 0, n = rows * columns; i < n; i++) {
                int v = storedValue(sb.get(i) & 0xffff);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return new int[] {min, max};
        }
        for (int v : storedValues(frame)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new int[] {min, max};
    }

    private void checkFrame(int frame) throws IOException {
        if (frame < 0 || frame >= frames) {
            throw new IOException("frame " + frame + " does not exist; the file has " + frames + " frame(s)");
        }
    }

    int[] storedValues(int frame) throws IOException {
        checkImage();
        if (frame < 0 || frame >= frames) {
            throw new IOException("frame " + frame + " does not exist; the file has " + frames + " frame(s)");
        }
        int pixels = rows * columns;
        int spp = samplesPerPixel;
        int[] out = new int[pixels * spp];
        if (!encapsulated()) {
            int bytesPer = bitsAllocated / 8;
            int frameBytes = pixels * spp * bytesPer;
            ByteBuffer b = pixelBuffer.duplicate().order(order);
            int base = pixelOffset + frame * frameBytes;
            if (bytesPer == 2 && (spp == 1 || planarConfiguration == 0) && !photometric.equals("YBR_FULL")) {
                // The common case (16-bit grey) in bulk: a short view of the frame instead of one call per value.
                short[] raw = new short[pixels * spp];
                b.position(base);
                b.slice().order(order).asShortBuffer().get(raw);
                for (int i = 0; i < raw.length; i++) {
                    out[i] = storedValue(raw[i] & 0xffff);
                }
                return out;
            }
            for (int i = 0; i < pixels * spp; i++) {
                int dst = planarConfiguration == 1 && spp == 3 ? (i % pixels) * 3 + i / pixels : i;
                int p = base + i * bytesPer;
                long raw = switch (bytesPer) {
                    case 1 -> b.get(p) & 0xff;
                    case 2 -> b.getShort(p) & 0xffff;
                    default -> b.getInt(p) & 0xffffffffL;
                };
                out[dst] = storedValue(raw);
            }
            if (photometric.equals("YBR_FULL")) {
                ybrToRgb(out);
            }
            return out;
        }
        byte[] frameData = frameFragments(frame);
        if (transferSyntax.equals(RLE)) {
            Rle.decode(frameData, rows, columns, spp, bitsAllocated, out);
            for (int i = 0; i < out.length; i++) {
                out[i] = storedValue(out[i] & (bitsAllocated == 32 ? 0xffffffffL : (1L << bitsAllocated) - 1));
            }
            if (photometric.equals("YBR_FULL")) {
                ybrToRgb(out);
            }
            return out;
        }
        if (transferSyntax.equals(JPEG2000_LOSSLESS) || transferSyntax.equals(JPEG2000)) {
            return decodeRaster(jpeg2000Reader().createReaderInstance(), frameData, out);
        }
        return jpeg(frameData, out);
    }

    /** A JPEG 2000 reader registered with ImageIO by a plugin the user added, or {@code null}. */
    static javax.imageio.spi.ImageReaderSpi jpeg2000Reader() {
        java.util.Iterator<javax.imageio.ImageReader> readers = javax.imageio.ImageIO.getImageReadersByFormatName("jpeg2000");
        return readers.hasNext() ? readers.next().getOriginatingProvider() : null;
    }

    private int storedValue(long raw) {
        long mask = bitsStored >= 32 ? 0xffffffffL : (1L << bitsStored) - 1;
        int shift = Math.max(0, (highBit >= 0 ? highBit + 1 : bitsStored) - bitsStored);
        long v = (raw >>> shift) & mask;
        if (pixelRepresentation == 1 && bitsStored < 64 && (v & (1L << (bitsStored - 1))) != 0) {
            v -= 1L << bitsStored;
        }
        return (int) v;
    }

    /** YCbCr full range to RGB, PS3.3 C.7.6.3.1.2. */
    private static void ybrToRgb(int[] v) {
        for (int i = 0; i + 2 < v.length; i += 3) {
            double y = v[i];
            double cb = v[i + 1] - 128;
            double cr = v[i + 2] - 128;
            v[i] = clamp(y + 1.402 * cr);
            v[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
            v[i + 2] = clamp(y + 1.772 * cb);
        }
    }

    private static int clamp(double x) {
        return (int) Math.max(0, Math.min(255, Math.round(x)));
    }

    private byte[] frameFragments(int frame) throws IOException {
        if (fragments.isEmpty()) {
            throw new IOException("the encapsulated Pixel Data has no fragments");
        }
        List<byte[]> parts = new ArrayList<>();
        if (frames == 1) {
            parts.addAll(fragments);
        } else if (basicOffsets != null && basicOffsets.length == frames) {
            long pos = 0;
            long startOffset = basicOffsets[frame];
            long endOffset = frame + 1 < frames ? basicOffsets[frame + 1] : Long.MAX_VALUE;
            for (byte[] f : fragments) {
                if (pos >= startOffset && pos < endOffset) {
                    parts.add(f);
                }
                pos += 8 + f.length;
            }
        } else if (fragments.size() == frames) {
            parts.add(fragments.get(frame));
        } else {
            // No offset table and more fragments than frames: JPEG frames start with an SOI marker.
            int current = -1;
            for (byte[] f : fragments) {
                if (f.length >= 2 && (f[0] & 0xff) == 0xFF && (f[1] & 0xff) == 0xD8) {
                    current++;
                }
                if (current == frame) {
                    parts.add(f);
                }
            }
        }
        if (parts.isEmpty()) {
            throw new IOException("cannot find the fragments of frame " + frame + " in the encapsulated Pixel Data");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** TwelveMonkeys' reader provider, linked to the JDK's JPEG codec it delegates baseline/extended decoding to. */
    private static final class JpegCodec {
        static final javax.imageio.spi.ImageReaderSpi SPI = create();

        private static javax.imageio.spi.ImageReaderSpi create() {
            com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi spi = new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi();
            spi.onRegistration(javax.imageio.spi.IIORegistry.getDefaultInstance(), javax.imageio.spi.ImageReaderSpi.class);
            return spi;
        }
    }

    /**
     * JPEG frames through TwelveMonkeys' reader (it decodes baseline and extended through the JDK's codec and
     * lossless process 14 itself). The raw raster is read, without the reader's colour guesses: the DICOM
     * Photometric Interpretation decides whether YCbCr is converted to RGB.
     */
    private int[] jpeg(byte[] data, int[] out) throws IOException {
        return decodeRaster(JpegCodec.SPI.createReaderInstance(), data, out);
    }

    private int[] decodeRaster(javax.imageio.ImageReader reader, byte[] data, int[] out) throws IOException {
        java.awt.image.Raster r;
        try (javax.imageio.stream.ImageInputStream in = new javax.imageio.stream.MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(data))) {
            reader.setInput(in);
            r = reader.readRaster(0, null);
        } catch (IOException | RuntimeException e) {
            throw new IOException("the " + syntaxName(transferSyntax) + " frame cannot be decoded (" + e.getMessage() + ")", e);
        } finally {
            reader.dispose();
        }
        if (r.getWidth() != columns || r.getHeight() != rows) {
            throw new IOException("the JPEG frame is " + r.getWidth() + "x" + r.getHeight() + " but the header says " + columns + "x" + rows);
        }
        if (r.getNumBands() != samplesPerPixel) {
            throw new IOException("the JPEG frame has " + r.getNumBands() + " component(s) but Samples per Pixel is " + samplesPerPixel);
        }
        r.getPixels(r.getMinX(), r.getMinY(), columns, rows, out);
        for (int i = 0; i < out.length; i++) {
            out[i] = storedValue(out[i]);
        }
        // JPEG streams of YBR_FULL(_422) data keep YCbCr; JPEG 2000 (YBR_ICT/YBR_RCT) undoes its own transform.
        if (samplesPerPixel == 3 && (photometric.equals("YBR_FULL") || photometric.equals("YBR_FULL_422"))) {
            ybrToRgb(out);
        }
        return out;
    }
}
