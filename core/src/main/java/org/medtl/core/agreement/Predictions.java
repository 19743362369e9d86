package org.medtl.core.agreement;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A predictions table (the fine-tuner's output): one row per sample with its id, optional fold, true label
 * index and class probabilities {@code p_0..p_{C-1}}. CSV header {@code id,label,p_0,...} with an optional
 * {@code fold} column anywhere; columns are found by name.
 *
 * @param source  file name or table name, for messages
 * @param classes number of classes C (at least 2)
 * @param hasFolds whether a fold column was present
 * @param rows    the rows in file order
 */
public record Predictions(String source, int classes, boolean hasFolds, List<Row> rows) {

    /**
     * @param id            sample id (the join key)
     * @param fold          fold name, or null when the table has no fold column
     * @param label         true label index 0..C-1
     * @param probabilities class probabilities p_0..p_{C-1}, each in [0, 1], summing to 1 (within {@link Predictions#SUM_TOLERANCE})
     */
    public record Row(String id, String fold, int label, double[] probabilities) {
        public Row {
            probabilities = probabilities.clone();
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }

        /** Binary: 1 when p_1 > 0.5 (the study's rule); multi-class: the first index of the largest probability. */
        public int predicted() {
            if (probabilities.length == 2) {
                return probabilities[1] > 0.5 ? 1 : 0;
            }
            int best = 0;
            for (int k = 1; k < probabilities.length; k++) {
                if (probabilities[k] > probabilities[best]) {
                    best = k;
                }
            }
            return best;
        }

        double p(int k) {
            return probabilities[k];
        }
    }

    /**
     * How far a row's probabilities may sum from 1: CSVs written with a few decimals (0.333, 0.333, 0.333) still
     * pass, while scores or logits given in place of probabilities do not.
     */
    public static final double SUM_TOLERANCE = 0.01;

    public Predictions {
        rows = List.copyOf(rows);
        if (classes < 2) {
            throw new IllegalArgumentException(source + ": at least 2 classes (p_0, p_1) are needed, got " + classes);
        }
        for (int i = 0; i < rows.size(); i++) {
            checkProbabilities(source + " row " + (i + 1) + " (id " + rows.get(i).id() + ")", rows.get(i).probabilities);
        }
    }

    /**
     * Agreement, AUC and the predicted label all read p_k as probabilities, so a value outside [0, 1] or a row
     * not summing to 1 would give numbers that look valid but mean nothing.
     *
     * @throws IllegalArgumentException naming {@code where}, the column and the value
     */
    static void checkProbabilities(String where, double[] p) {
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            if (!(p[k] >= 0 && p[k] <= 1)) {
                throw new IllegalArgumentException(where + ": p_" + k + " is " + p[k] + "; probabilities must be between 0 and 1."
                        + " Give the model's softmax (or sigmoid) outputs, not scores or logits.");
            }
            sum += p[k];
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s: p_0..p_%d sum to %.4g; the probabilities of a row must sum to 1 (within %s). Give one probability per class.",
                    where, p.length - 1, sum, SUM_TOLERANCE));
        }
    }

    /** Reads a predictions CSV. Errors name the file, the line and the column. */
    public static Predictions read(Path csv) throws IOException {
        return org.medtl.core.io.InputFiles.read(csv, "a predictions CSV (id,label,p_0,...)", () -> readCsv(csv));
    }

    private static Predictions readCsv(Path csv) throws IOException {
        String name = csv.toString();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new IOException(name + ": empty file; expected a header id,label,p_0,...,p_{C-1} (optionally fold)");
            }
            if (headerLine.startsWith("\uFEFF")) {
                headerLine = headerLine.substring(1);
            }
            String[] header = split(headerLine);
            Map<String, Integer> col = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                col.put(header[i].trim(), i);
            }
            if (!col.containsKey("id") || !col.containsKey("label") || !col.containsKey("p_0") || !col.containsKey("p_1")) {
                throw new IOException(name + ": header must contain id, label, p_0, p_1 (... p_{C-1}) and optionally fold; found "
                        + String.join(",", header));
            }
            int classes = 0;
            while (col.containsKey("p_" + classes)) {
                classes++;
            }
            int[] pcol = new int[classes];
            for (int k = 0; k < classes; k++) {
                pcol[k] = col.get("p_" + k);
            }
            Integer foldCol = col.get("fold");
            int idCol = col.get("id");
            int labelCol = col.get("label");
            List<Row> rows = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = split(line);
                if (f.length != header.length) {
                    throw new IOException(name + " line " + lineNo + ": " + f.length + " fields, the header has " + header.length);
                }
                int label;
                try {
                    double l = Double.parseDouble(f[labelCol].trim());
                    label = (int) l;
                    if (l != label) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(name + " line " + lineNo + ": label '" + f[labelCol] + "' is not a class index 0.."
                            + (classes - 1));
                }
                if (label < 0 || label >= classes) {
                    throw new IOException(name + " line " + lineNo + ": label " + label + " outside 0.." + (classes - 1)
                            + " (the file has columns p_0..p_" + (classes - 1) + ")");
                }
                double[] p = new double[classes];
                for (int k = 0; k < classes; k++) {
                    try {
                        p[k] = Double.parseDouble(f[pcol[k]].trim());
                    } catch (NumberFormatException e) {
                        throw new IOException(name + " line " + lineNo + ": p_" + k + " '" + f[pcol[k]] + "' is not a number");
                    }
                    if (!Double.isFinite(p[k])) {
                        throw new IOException(name + " line " + lineNo + ": p_" + k + " is " + f[pcol[k]].trim()
                                + "; probabilities must be finite (did training diverge?)");
                    }
                }
                String id = f[idCol].trim();
                if (id.isEmpty()) {
                    throw new IOException(name + " line " + lineNo + ": empty id");
                }
                try {
                    checkProbabilities(name + " line " + lineNo, p);
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
                rows.add(new Row(id, foldCol == null ? null : f[foldCol].trim(), label, p));
            }
            if (rows.isEmpty()) {
                throw new IOException(name + ": no rows after the header");
            }
            return new Predictions(name, classes, foldCol != null, rows);
        }
    }

    /** Comma-separated fields; double quotes around a field are allowed (ids may contain commas). */
    private static String[] split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out.toArray(new String[0]);
    }
}
