package org.medtl.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV (and TSV) rows: quoted fields may hold the delimiter, quotes and line breaks. */
public final class Csv {
    private Csv() {
    }

    /** A comma-separated file with a header row, as maps from column name to value (in file order). */
    public static List<java.util.Map<String, String>> readTable(java.nio.file.Path file) throws IOException {
        List<List<String>> rows;
        rows = InputFiles.read(file, "a CSV table", () -> {
            try (BufferedReader in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                return readAll(in, ',', file.toString());
            }
        });
        if (rows.isEmpty()) {
            throw new IOException(file + " is empty; a header row was expected.");
        }
        List<String> header = rows.get(0);
        List<java.util.Map<String, String>> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            if (r.size() != header.size()) {
                throw new IOException(file + ", row " + (i + 1) + ": " + r.size() + " fields, but the header has " + header.size() + ".");
            }
            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                m.put(header.get(c), r.get(c));
            }
            out.add(m);
        }
        return out;
    }

    /** Reads every record; a UTF-8 byte-order mark before the header is dropped (Excel writes one). */
    public static List<List<String>> readAll(BufferedReader in, char delimiter, String what) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int c;
        boolean first = true;
        int line = 1;
        while ((c = in.read()) != -1) {
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == delimiter) {
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (c == '\r') {
                // CRLF or a lone CR both end the record; the LF of CRLF is skipped below.
                in.mark(1);
                int next = in.read();
                if (next != '\n' && next != -1) {
                    in.reset();
                }
                endRecord(rows, row, field);
                row = new ArrayList<>();
                fieldStarted = false;
                line++;
            } else if (c == '\n') {
                endRecord(rows, row, field);
                row = new ArrayList<>();
                fieldStarted = false;
                line++;
            } else {
                field.append((char) c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new IOException(what + ": a quoted field opened before line " + line + " is never closed. Check the file's quoting.");
        }
        if (fieldStarted || !row.isEmpty() || field.length() > 0) {
            endRecord(rows, row, field);
        }
        return rows;
    }

    private static void endRecord(List<List<String>> rows, List<String> row, StringBuilder field) {
        row.add(field.toString());
        field.setLength(0);
        // Blank lines carry no record (a trailing newline, or an empty line between records).
        if (!(row.size() == 1 && row.get(0).isEmpty())) {
            rows.add(row);
        }
    }

    public static void writeRow(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(fields.get(i)));
        }
        out.write('\n');
    }

    public static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0
                && (s.isEmpty() || (s.charAt(0) != ' ' && s.charAt(s.length() - 1) != ' '))) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Tab for {@code .tsv}/{@code .tab} files and for headers with tabs but no commas; comma otherwise. */
    public static char delimiterFor(String fileName, String firstLine) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".tsv") || n.endsWith(".tab")) {
            return '\t';
        }
        if (firstLine != null && firstLine.indexOf('\t') >= 0 && firstLine.indexOf(',') < 0) {
            return '\t';
        }
        return ',';
    }
}
