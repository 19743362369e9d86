package org.medtl.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.medtl.core.runtime.DjlRuntime;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * plugin.xml registers every node, category and port type against classes that exist in the bundle, and every node
 * factory has a description in KNIME's node description format v4.1 and a 16x16 icon. Classes are loaded without
 * being initialised: the KNIME API behind them is the compile-only stand-in, which has no behaviour.
 */
class NodeRegistrationTest {

    private static final String NODE_NS = "http://knime.org/node/v4.1";

    private static Bundle plugin() {
        Bundle bundle = FrameworkUtil.getBundle(DjlRuntime.class);
        assertNotNull(bundle);
        return bundle;
    }

    private static Document parse(URL url) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = url.openStream()) {
            return f.newDocumentBuilder().parse(in);
        }
    }

    private static List<Element> extensionElements(String point, String element) throws Exception {
        URL pluginXml = plugin().getEntry("plugin.xml");
        assertNotNull(pluginXml, "plugin.xml is not in the bundle (build.properties bin.includes)");
        List<Element> out = new ArrayList<>();
        NodeList extensions = parse(pluginXml).getDocumentElement().getElementsByTagName("extension");
        for (int i = 0; i < extensions.getLength(); i++) {
            Element ext = (Element)extensions.item(i);
            if (point.equals(ext.getAttribute("point"))) {
                for (Element e : children(ext, null, element)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String ns, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(ns == null ? e.getTagName() : e.getLocalName())
                && (ns == null || ns.equals(e.getNamespaceURI()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static Class<?> load(String className) throws Exception {
        return Class.forName(className, false, plugin().adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader());
    }

    private static boolean extendsClass(Class<?> c, String superName) {
        for (Class<?> s = c; s != null; s = s.getSuperclass()) {
            if (s.getName().equals(superName)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void categoryMedtlExistsAtTheRoot() throws Exception {
        List<Element> categories = extensionElements("org.knime.workbench.repository.categories", "category");
        assertEquals(1, categories.size());
        Element c = categories.get(0);
        assertEquals("medtl", c.getAttribute("level-id"));
        assertEquals("/", c.getAttribute("path"));
        assertEquals("MedTL", c.getAttribute("name"));
        assertNotNull(plugin().getEntry(c.getAttribute("icon")), "category icon " + c.getAttribute("icon") + " is missing");
    }

    @Test
    void everyNodeFactoryExistsAndHasADescriptionAndIcon() throws Exception {
        List<Element> nodes = extensionElements("org.knime.workbench.repository.nodes", "node");
        assertFalse(nodes.isEmpty(), "no nodes registered");
        for (Element node : nodes) {
            String factory = node.getAttribute("factory-class");
            assertEquals("/medtl", node.getAttribute("category-path"), factory);
            Class<?> c = load(factory);
            assertTrue(extendsClass(c, "org.knime.core.node.NodeFactory"), factory + " is not a NodeFactory");
            URL xml = c.getResource(c.getSimpleName() + ".xml");
            assertNotNull(xml, factory + " has no " + c.getSimpleName() + ".xml next to it");
            checkDescription(factory, c, parse(xml));
        }
    }

    @Test
    void everyNodeFactoryInTheBundleIsRegistered() throws Exception {
        List<String> registered = new ArrayList<>();
        for (Element node : extensionElements("org.knime.workbench.repository.nodes", "node")) {
            registered.add(node.getAttribute("factory-class"));
        }
        Enumeration<URL> classes = plugin().findEntries("org/medtl/knime", "*NodeFactory.class", true);
        assertNotNull(classes, "no node factories in the bundle");
        for (URL url : Collections.list(classes)) {
            String path = url.getPath();
            String name = path.substring(path.indexOf("org/medtl/knime"), path.length() - ".class".length()).replace('/', '.');
            assertTrue(registered.contains(name), name + " is not registered in plugin.xml");
        }
    }

    private static void checkDescription(String factory, Class<?> c, Document doc) throws IOException {
        Element root = doc.getDocumentElement();
        assertEquals(NODE_NS, root.getNamespaceURI(), factory + ": wrong namespace");
        assertEquals("knimeNode", root.getLocalName(), factory);
        List<String> order = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                order.add(e.getLocalName());
            }
        }
        assertTrue(order.size() >= 4 && order.subList(0, 3).equals(List.of("name", "shortDescription", "fullDescription"))
            && order.contains("ports"), factory + ": elements must be name, shortDescription, fullDescription, ports; got " + order);
        assertFalse(children(root, NODE_NS, "name").get(0).getTextContent().isBlank(), factory + ": empty name");
        Element full = children(root, NODE_NS, "fullDescription").get(0);
        assertEquals(1, children(full, NODE_NS, "intro").size(), factory + ": fullDescription needs one intro");
        boolean options = !children(full, NODE_NS, "option").isEmpty();
        boolean tabs = !children(full, NODE_NS, "tab").isEmpty();
        assertFalse(options && tabs, factory + ": options and tabs cannot be mixed in fullDescription");
        Element ports = children(root, NODE_NS, "ports").get(0);
        for (String kind : List.of("inPort", "outPort")) {
            List<Element> list = children(ports, NODE_NS, kind);
            for (int i = 0; i < list.size(); i++) {
                assertEquals(String.valueOf(i), list.get(i).getAttribute("index"), factory + ": " + kind + " indices must be 0,1,...");
                assertFalse(list.get(i).getAttribute("name").isBlank(), factory + ": " + kind + " " + i + " has no name");
            }
        }
        String icon = root.getAttribute("icon");
        assertFalse(icon.isBlank(), factory + ": no icon attribute");
        URL png = c.getResource(icon);
        assertNotNull(png, factory + ": icon " + icon + " not found next to the factory");
        try (DataInputStream in = new DataInputStream(png.openStream())) {
            byte[] header = new byte[16];
            in.readFully(header);
            assertEquals((byte)0x89, header[0], icon + " is not a PNG");
            assertEquals("IHDR", new String(header, 12, 4, java.nio.charset.StandardCharsets.US_ASCII), icon);
            assertEquals(16, in.readInt(), icon + " width");
            assertEquals(16, in.readInt(), icon + " height");
        }
    }

    @Test
    void everyPortTypeNamesExistingClassesThatFitTogether() throws Exception {
        List<Element> types = extensionElements("org.knime.core.PortType", "portType");
        assertFalse(types.isEmpty(), "no port types registered");
        for (Element t : types) {
            Class<?> object = load(t.getAttribute("objectClass"));
            Class<?> spec = load(t.getAttribute("specClass"));
            Class<?> objectSerializer = load(t.getAttribute("objectSerializer"));
            Class<?> specSerializer = load(t.getAttribute("specSerializer"));
            assertTrue(extendsClass(objectSerializer, "org.knime.core.node.port.PortObject$PortObjectSerializer"),
                objectSerializer.getName());
            assertTrue(extendsClass(specSerializer, "org.knime.core.node.port.PortObjectSpec$PortObjectSpecSerializer"),
                specSerializer.getName());
            // KNIME finds a port's spec class through the return type of getSpec().
            Method getSpec = object.getMethod("getSpec");
            assertEquals(spec, getSpec.getReturnType(), object.getName() + ".getSpec() must return " + spec.getName());
            // KNIME instantiates serializers reflectively.
            assertNotNull(objectSerializer.getConstructor());
            assertNotNull(specSerializer.getConstructor());
            assertTrue(t.getAttribute("color").matches("#[0-9a-fA-F]{6}"), "port color of " + object.getName());
        }
    }
}
