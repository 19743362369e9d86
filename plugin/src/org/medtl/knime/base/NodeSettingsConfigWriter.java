package org.medtl.knime.base;

import java.util.List;

import org.knime.core.node.NodeSettingsWO;
import org.medtl.core.config.ConfigWriter;

/**
 * The core's {@link ConfigWriter} writing into KNIME settings, so that {@code XSettings.toConfig} saves a node's
 * settings under the same keys and types the dialog's {@code SettingsModel}s use (a string list is a KNIME string
 * array, as {@code SettingsModelStringArray} saves it).
 */
public final class NodeSettingsConfigWriter implements ConfigWriter {

    private final NodeSettingsWO settings;

    public NodeSettingsConfigWriter(NodeSettingsWO settings) {
        this.settings = settings;
    }

    @Override
    public void addString(String key, String value) {
        settings.addString(key, value);
    }

    @Override
    public void addInt(String key, int value) {
        settings.addInt(key, value);
    }

    @Override
    public void addLong(String key, long value) {
        settings.addLong(key, value);
    }

    @Override
    public void addDouble(String key, double value) {
        settings.addDouble(key, value);
    }

    @Override
    public void addBoolean(String key, boolean value) {
        settings.addBoolean(key, value);
    }

    @Override
    public void addStringList(String key, List<String> values) {
        settings.addStringArray(key, values.toArray(new String[0]));
    }
}
