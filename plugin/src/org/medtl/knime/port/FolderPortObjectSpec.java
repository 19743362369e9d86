package org.medtl.knime.port;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private final Map<String, String> properties;

    protected FolderPortObjectSpec(Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
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

    // The zip streams belong to KNIME, which closes them; only the entry is ours.
    static void writeProperties(Map<String, String> properties, ZipOutputStream out) throws IOException {
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

    static Map<String, String> readProperties(ZipInputStream in) throws IOException {
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
