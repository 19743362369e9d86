package org.medtl.core.config;

import java.util.List;

/** Write access to a node's settings by config key; the counterpart of {@link Config}. */
public interface ConfigWriter {

    void addString(String key, String value);

    void addInt(String key, int value);

    void addLong(String key, long value);

    void addDouble(String key, double value);

    void addBoolean(String key, boolean value);

    void addStringList(String key, List<String> values);
}
