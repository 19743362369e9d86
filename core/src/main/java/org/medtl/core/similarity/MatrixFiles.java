package org.medtl.core.similarity;

import org.medtl.core.io.Npy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a 2-D matrix from a {@code .npy} file or a header-less numeric {@code .csv} file. */
public final class MatrixFiles {

    private MatrixFiles() {
    }

    /**
     * Reads rows = data points, columns = neurons; with {@code neuronsAsRows} the file is read as
     * neurons x data points (google/svcca's layout) and transposed.
     */
    public static ActivationMatrix read(Path file, boolean neuronsAsRows) throws IOException {
        return org.medtl.core.io.InputFiles.read(file, "an activation matrix (.npy or .csv)", () -> readMatrix(file, neuronsAsRows));
    }

    private static ActivationMatrix readMatrix(Path file, boolean neuronsAsRows) throws IOException {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        ActivationMatrix m;
        if (lower.endsWith(".npy")) {
            Npy.MappedFloats mapped = Npy.mapFloat32(file);
            if (mapped != null && mapped.shape().length == 2) {
                // float32 in C order, as NumPy and the extractor write it: no copy into the heap; the single-
                // precision CKA hands it to BLAS from the mapping, other measures widen it to double once.
                m = ActivationMatrix.ofRowMajor(name, mapped.values(), mapped.shape()[0], mapped.shape()[1]);
                return neuronsAsRows ? m.transpose() : m;
            }
            Npy.Array a = Npy.read(file);
            int[] shape = a.shape();
            if (shape.length != 2) {
                throw new IOException(file + ": expected a 2-D array (data points x neurons), got shape "
                        + java.util.Arrays.toString(shape));
            }
            m = a.data() instanceof float[] f ? ActivationMatrix.ofRowMajor(name, f, shape[0], shape[1])
                    : ActivationMatrix.ofRowMajor(name, a.toDoubles(), shape[0], shape[1]);
        } else if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
            m = readCsv(file, name);
        } else {
            throw new IOException(file + ": unknown matrix format; use .npy or .csv (numbers only, no header)");
        }
        return neuronsAsRows ? m.transpose() : m;
    }

    private static ActivationMatrix readCsv(Path file, String name) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            int width = -1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",");
                if (width < 0) {
                    width = parts.length;
                } else if (parts.length != width) {
                    throw new IOException(file + " line " + lineNo + ": " + parts.length + " values, earlier lines have " + width);
                }
                double[] r = new double[width];
                for (int j = 0; j < width; j++) {
                    try {
                        r[j] = Double.parseDouble(parts[j].trim());
                    } catch (NumberFormatException e) {
                        throw new IOException(file + " line " + lineNo + " column " + (j + 1) + ": '" + parts[j].trim()
                                + "' is not a number" + (lineNo == 1 ? " (the file must not have a header row)" : ""));
                    }
                }
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            throw new IOException(file + ": no numbers");
        }
        return ActivationMatrix.ofRows(name, rows.toArray(new double[0][]));
    }
}
