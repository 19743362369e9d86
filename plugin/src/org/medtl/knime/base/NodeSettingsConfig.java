package org.medtl.knime.base;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeSettingsRO;
import org.medtl.core.config.Config;
import org.medtl.core.config.InvalidConfigException;

/**
 * A node's KNIME settings seen as the core's {@link Config}, so that {@code XSettings.fromConfig} reads and
 * validates the dialog's values exactly as it reads the CLI's options. Like the headless runner's saved settings, and
 * unlike the CLI's options, a missing key is an error, never the default: KNIME's own message for it names the key
 * and is passed on. Inside {@code fromConfig} the node's name is not known, so messages name the setting only.
 */
public final class NodeSettingsConfig implements Config {

    private final NodeSettingsRO settings;

    public NodeSettingsConfig(NodeSettingsRO settings) {
        this.settings = settings;
    }

    @Override
    public boolean containsKey(String key) {
        return settings.containsKey(key);
    }

    @Override
    public boolean defaultsMissing() {
        return false;
    }

    @Override
    public String getString(String key) throws InvalidConfigException {
        String value;
        try {
            value = settings.getString(key);
        } catch (InvalidSettingsException e) {
            throw missing(key, e);
        }
        if (value == null) {
            // KNIME returns null for an entry saved with isnull="true"; no MedTL setting has null as a value.
            throw new InvalidConfigException("Setting '" + key + "' must be text, got no value (isnull).");
        }
        return value;
    }

    @Override
    public int getInt(String key) throws InvalidConfigException {
        try {
            return settings.getInt(key);
        } catch (InvalidSettingsException e) {
            throw missing(key, e);
        }
    }

    @Override
    public long getLong(String key) throws InvalidConfigException {
        try {
            return settings.getLong(key);
        } catch (InvalidSettingsException e) {
            throw missing(key, e);
        }
    }

    @Override
    public double getDouble(String key) throws InvalidConfigException {
        try {
            return settings.getDouble(key);
        } catch (InvalidSettingsException e) {
            throw missing(key, e);
        }
    }

    @Override
    public boolean getBoolean(String key) throws InvalidConfigException {
        try {
            return settings.getBoolean(key);
        } catch (InvalidSettingsException e) {
            throw missing(key, e);
        }
    }

    @Override
    public List<String> getStringList(String key) throws InvalidConfigException {
        try {
            String[] values = settings.getStringArray(key);
            // KNIME stores an unset string array as null; the core treats it as an empty list.
            return values == null ? List.of() : Collections.unmodifiableList(Arrays.asList(values.clone()));
        } catch (InvalidSettingsException e) {
            throw missing(key, e);
        }
    }

    private static InvalidConfigException missing(String key, InvalidSettingsException e) {
        return new InvalidConfigException("Setting '" + key + "': " + e.getMessage()
            + " Open the node's dialog and confirm its settings.", e);
    }
}
