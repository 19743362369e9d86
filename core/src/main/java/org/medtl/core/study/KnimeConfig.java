package org.medtl.core.study;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.medtl.core.io.AtomicFiles;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A tree in KNIME's XMLConfig format ({@code http://www.knime.org/2008/09/XMLConfig}): the format of
 * {@code workflow.knime} and of every node's {@code settings.xml}. A {@code config} element holds named
 * {@code entry} elements (typed: xstring, xint, xlong, xdouble, xboolean, ...) and nested configs. Arrays
 * are configs with an {@code array-size} entry and entries keyed {@code 0..n-1}, as KNIME's
 * {@code ConfigBase.addStringArray} writes them.
 */
public final class KnimeConfig {

    /** The XMLConfig namespace KNIME writes. */
    public static final String NAMESPACE = "http://www.knime.org/2008/09/XMLConfig";

    /** One typed leaf value. {@code value} is null when the entry has {@code isnull="true"}. */
    public record Entry(String type, String value) {
    }

    private final String key;
    private final Map<String, Object> children = new LinkedHashMap<>();

    public KnimeConfig(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Child entries and configs in document order: values are {@link Entry} or {@link KnimeConfig}. */
    public Map<String, Object> children() {
        return children;
    }

    public KnimeConfig config(String childKey) {
        return children.get(childKey) instanceof KnimeConfig c ? c : null;
    }

    /** The sub-config with this key, created when absent. */
    public KnimeConfig configOrCreate(String childKey) {
        KnimeConfig c = config(childKey);
        if (c == null) {
            c = new KnimeConfig(childKey);
            children.put(childKey, c);
        }
        return c;
    }

    public Entry entry(String childKey) {
        return children.get(childKey) instanceof Entry e ? e : null;
    }

    public String string(String childKey) {
        Entry e = entry(childKey);
        return e == null ? null : e.value();
    }

    public KnimeConfig put(String childKey, String type, String value) {
        children.put(childKey, new Entry(type, value));
        return this;
    }

    public KnimeConfig putString(String childKey, String value) {
        return put(childKey, "xstring", value);
    }

    public KnimeConfig putInt(String childKey, int value) {
        return put(childKey, "xint", Integer.toString(value));
    }

    public KnimeConfig putBoolean(String childKey, boolean value) {
        return put(childKey, "xboolean", Boolean.toString(value));
    }

    public KnimeConfig putConfig(KnimeConfig child) {
        children.put(child.key(), child);
        return this;
    }

    /** True when this config encodes an array ({@code array-size} plus entries 0..n-1). */
    public boolean isArray() {
        return entry("array-size") != null;
    }

    /** The values of an array config, in index order. */
    public List<String> arrayValues() {
        int n = Integer.parseInt(string("array-size"));
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Entry e = entry(Integer.toString(i));
            values.add(e == null ? null : e.value());
        }
        return values;
    }

    /** An array config as KNIME writes it for a String[] setting. */
    public static KnimeConfig stringArray(String key, List<String> values) {
        KnimeConfig c = new KnimeConfig(key);
        c.putInt("array-size", values.size());
        for (int i = 0; i < values.size(); i++) {
            c.putString(Integer.toString(i), values.get(i));
        }
        return c;
    }

    /** Parses an XMLConfig file; errors name the file. */
    public static KnimeConfig read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    static KnimeConfig read(InputStream in, String name) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // Workflows are shared between people: never resolve external entities from them.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder b = f.newDocumentBuilder();
            Element root = b.parse(in).getDocumentElement();
            if (!"config".equals(root.getLocalName())) {
                throw new IOException(name + " is not a KNIME XMLConfig file: its root element is <" + root.getTagName() + ">, expected <config>.");
            }
            return fromElement(root, name);
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException(name + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static KnimeConfig fromElement(Element element, String name) throws IOException {
        KnimeConfig c = new KnimeConfig(element.getAttribute("key"));
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element child)) {
                continue;
            }
            String childKey = child.getAttribute("key");
            switch (child.getLocalName()) {
                case "config" -> c.children.put(childKey, fromElement(child, name));
                case "entry" -> {
                    boolean isNull = "true".equals(child.getAttribute("isnull"));
                    c.children.put(childKey, new Entry(child.getAttribute("type"), isNull ? null : child.getAttribute("value")));
                }
                default -> throw new IOException(name + ": unexpected element <" + child.getTagName() + "> in config '" + c.key + "'.");
            }
        }
        return c;
    }

    /** Writes the tree as KNIME does (UTF-8, 4-space indentation), atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            try {
                XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
                w.writeStartDocument("UTF-8", "1.0");
                w.writeCharacters("\n");
                writeConfig(w, this, 0, true);
                w.writeEndDocument();
                w.close();
            } catch (XMLStreamException e) {
                throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private static void writeConfig(XMLStreamWriter w, KnimeConfig c, int depth, boolean root) throws XMLStreamException {
        indent(w, depth);
        if (c.children.isEmpty()) {
            w.writeEmptyElement("config");
        } else {
            w.writeStartElement("config");
        }
        if (root) {
            w.writeDefaultNamespace(NAMESPACE);
            w.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
            w.writeAttribute("xsi:schemaLocation", NAMESPACE + " http://www.knime.org/XMLConfig_2008_09.xsd");
        }
        w.writeAttribute("key", c.key);
        if (c.children.isEmpty()) {
            w.writeCharacters("\n");
            return;
        }
        w.writeCharacters("\n");
        for (Map.Entry<String, Object> e : c.children.entrySet()) {
            if (e.getValue() instanceof KnimeConfig child) {
                writeConfig(w, child, depth + 1, false);
            } else {
                Entry entry = (Entry) e.getValue();
                indent(w, depth + 1);
                w.writeEmptyElement("entry");
                w.writeAttribute("key", e.getKey());
                w.writeAttribute("type", entry.type());
                if (entry.value() == null) {
                    w.writeAttribute("isnull", "true");
                    w.writeAttribute("value", "");
                } else {
                    w.writeAttribute("value", entry.value());
                }
                w.writeCharacters("\n");
            }
        }
        indent(w, depth);
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    private static void indent(XMLStreamWriter w, int depth) throws XMLStreamException {
        w.writeCharacters("    ".repeat(depth));
    }
}
