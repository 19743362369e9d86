package org.medtl.knime.port;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.swing.JComponent;
import javax.swing.JScrollPane;
import javax.swing.JTable;

import org.knime.core.node.port.PortObjectSpec;

/**
 * What downstream dialogs and the port tooltip may know about a model or activation-set folder without opening it:
 * an ordered list of properties (architecture, classes, layers, provenance) copied from the folder's own JSON by
 * the core. Before execution only the properties the settings determine are present.
 */
public abstract class FolderPortObjectSpec implements PortObjectSpec {

    private static final String ENTRY = "medtl-properties.bin";

    // An absolute path (POSIX or Windows) not preceded by a word, a dot, a colon or a slash (so URLs stay whole);
    // group 1 is its last name.
    private static final Pattern ABSOLUTE_PATH =
        Pattern.compile("(?<![\\w.:/\\\\])(?:/|[A-Za-z]:[\\\\/]|\\\\\\\\)(?:[^\\s,;]*[/\\\\])?([^\\s,;/\\\\]+)");

    private final Map<String, String> properties;

    /**
     * Absolute paths in the values are reduced to their last name: a spec is saved with the workflow and shown
     * to whoever opens it, so it must neither name folders of the machine that executed the node (temp folders,
     * file stores, home folders) nor depend on them.
     */
    protected FolderPortObjectSpec(Map<String, String> properties) {
        Map<String, String> portable = new LinkedHashMap<>();
        properties.forEach((k, v) -> portable.put(k, withoutFolders(v)));
        this.properties = Collections.unmodifiableMap(portable);
    }

    /** {@code value} with every absolute path replaced by its file name. */
    public static String withoutFolders(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = ABSOLUTE_PATH.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Properties in display order. */
    public final Map<String, String> properties() {
        return properties;
    }

    /** A property or {@code null} when unknown (for instance before execution). */
    public final String get(String key) {
        return properties.get(key);
    }

    @Override
    public JComponent[] getViews() {
        String[][] rows = new String[properties.size()][];
        int i = 0;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            rows[i++] = new String[] {e.getKey(), e.getValue()};
        }
        JTable table = new JTable(rows, new String[] {"Property", "Value"});
        table.setEnabled(false);
        JScrollPane pane = new JScrollPane(table);
        pane.setName("Properties");
        return new JComponent[] {pane};
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass()
            && properties.equals(((FolderPortObjectSpec)obj).properties);
    }

    @Override
    public int hashCode() {
        return getClass().hashCode() * 31 + properties.hashCode();
    }

    /**
     * What the registered spec serializers write into KNIME's {@code PortObjectSpecZipOutputStream} (a
     * {@link ZipOutputStream}); public so that tests can run it on plain zip streams. The stream belongs to the caller,
     * which closes it; only the entry is ours.
     */
    public static void writeProperties(Map<String, String> properties, ZipOutputStream out) throws IOException {
        out.putNextEntry(new ZipEntry(ENTRY));
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(properties.size());
        for (Map.Entry<String, String> e : properties.entrySet()) {
            data.writeUTF(e.getKey());
            data.writeUTF(e.getValue());
        }
        data.flush();
        out.closeEntry();
    }

    /** Reads what {@link #writeProperties} wrote; the counterpart of the serializers' load. */
    public static Map<String, String> readProperties(ZipInputStream in) throws IOException {
        ZipEntry entry = in.getNextEntry();
        if (entry == null || !ENTRY.equals(entry.getName())) {
            throw new IOException("Saved MedTL port spec is damaged: expected entry '" + ENTRY + "', found "
                + (entry == null ? "none" : "'" + entry.getName() + "'") + ". Re-execute the node that produced it.");
        }
        DataInputStream data = new DataInputStream(in);
        int n = data.readInt();
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            properties.put(data.readUTF(), data.readUTF());
        }
        return properties;
    }
}
