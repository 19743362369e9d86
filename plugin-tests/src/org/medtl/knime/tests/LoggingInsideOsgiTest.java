package org.medtl.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.medtl.core.runtime.DjlRuntime;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL and MedTL log through the slf4j bundle of the platform (in KNIME: slf4j.api with KNIME's NodeLogger binding;
 * here slf4j.simple stands in for that binding), never through a copy of slf4j-api embedded in our lib/, which would
 * have no binding and drop every message.
 */
class LoggingInsideOsgiTest {

    private static final String LOGGER_FACTORY = "org.slf4j.LoggerFactory";

    private static Bundle slf4jBundle() {
        Bundle bundle = FrameworkUtil.getBundle(LoggerFactory.class);
        assertNotNull(bundle, "org.slf4j.LoggerFactory was not loaded by a bundle: slf4j-api is embedded again");
        return bundle;
    }

    @Test
    void slf4jClassesComeFromThePlatformsSlf4jBundle() throws Exception {
        Bundle slf4j = slf4jBundle();
        assertEquals("slf4j.api", slf4j.getSymbolicName());
        Bundle plugin = FrameworkUtil.getBundle(DjlRuntime.class);
        assertSame(slf4j.loadClass(LOGGER_FACTORY), plugin.loadClass(LOGGER_FACTORY),
            "org.medtl.knime sees another org.slf4j.LoggerFactory than the slf4j.api bundle's");
    }

    @Test
    void noEmbeddedJarCarriesItsOwnSlf4j() throws IOException {
        Bundle plugin = FrameworkUtil.getBundle(DjlRuntime.class);
        for (String path : Collections.list(plugin.getEntryPaths("lib/"))) {
            if (!path.endsWith(".jar")) {
                continue;
            }
            URL jar = plugin.getEntry(path);
            try (InputStream in = jar.openStream(); ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                    assertNull(e.getName().startsWith("org/slf4j/") ? e.getName() : null,
                        path + " embeds slf4j classes; exclude it in plugin/pom.xml so the platform's slf4j is used");
                }
            }
        }
    }

    @Test
    void djlLoggersAreBoundByThePlatformsProvider() throws Exception {
        Class<?> engine = Class.forName("ai.djl.engine.Engine");
        // What DJL's own classes link against, not what this test links against.
        Class<?> factoryOfDjl = engine.getClassLoader().loadClass(LOGGER_FACTORY);
        assertSame(slf4jBundle().loadClass(LOGGER_FACTORY), factoryOfDjl);
        Logger logger = LoggerFactory.getLogger(engine);
        Bundle provider = FrameworkUtil.getBundle(logger.getClass());
        assertNotNull(provider, "DJL's logger is " + logger.getClass().getName() + " from no bundle");
        assertEquals("slf4j.simple", provider.getSymbolicName(), "DJL's logger is " + logger.getClass().getName()
            + ": slf4j found no provider, so DJL's messages would be dropped");
    }
}
