package org.medtl.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.medtl.core.runtime.DjlRuntime;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The plugin bundle resolves inside Equinox and embeds exactly the jars its class path names. */
class PluginBundleTest {

    private static Bundle plugin() {
        Bundle bundle = FrameworkUtil.getBundle(DjlRuntime.class);
        assertNotNull(bundle, "DjlRuntime was not loaded by an OSGi bundle: medtl-core is not embedded in the plugin");
        return bundle;
    }

    @Test
    void pluginBundleResolvesAndHostsTheCore() {
        Bundle bundle = plugin();
        assertEquals("org.medtl.knime", bundle.getSymbolicName());
        assertTrue((bundle.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) != 0,
                "org.medtl.knime is not resolved, state " + bundle.getState());
    }

    @Test
    void everyEmbeddedJarIsOnTheBundleClassPathAndViceVersa() {
        Bundle bundle = plugin();
        TreeSet<String> embedded = new TreeSet<>();
        Enumeration<String> paths = bundle.getEntryPaths("lib/");
        assertNotNull(paths, "the plugin has no lib/ folder");
        for (String p : Collections.list(paths)) {
            if (p.endsWith(".jar")) {
                embedded.add(p);
            }
        }
        TreeSet<String> onClassPath = new TreeSet<>();
        for (String entry : bundle.getHeaders().get("Bundle-ClassPath").split(",")) {
            String e = entry.trim();
            if (!e.equals(".")) {
                onClassPath.add(e);
            }
        }
        List<String> missing = new ArrayList<>(embedded);
        missing.removeAll(onClassPath);
        List<String> absent = new ArrayList<>(onClassPath);
        absent.removeAll(embedded);
        assertTrue(missing.isEmpty(), "jars in lib/ but not on Bundle-ClassPath (add them to plugin/META-INF/MANIFEST.MF): " + missing);
        assertTrue(absent.isEmpty(), "Bundle-ClassPath names jars that are not in lib/: " + absent);
    }

    @Test
    void requiresKnimeCoreInTheSupportedRange() {
        String required = plugin().getHeaders().get("Require-Bundle");
        assertTrue(required.contains("org.knime.core") && required.contains("[5.5.0,6.0.0)"), required);
    }
}
