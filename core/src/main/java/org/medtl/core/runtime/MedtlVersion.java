package org.medtl.core.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** MedTL's own version, filtered into a resource by Maven. */
public final class MedtlVersion {
    private MedtlVersion() {
    }

    public static String get() {
        try (InputStream in = MedtlVersion.class.getResourceAsStream("/org/medtl/core/medtl-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
