package org.knime.core.data;

import java.util.Map;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DataColumnProperties implements Cloneable {

    public DataColumnProperties(final Map<String, String> content) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public String getProperty(final String key) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
