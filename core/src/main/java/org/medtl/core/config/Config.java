package org.medtl.core.config;

import java.util.List;

/**
 * Read access to a node's settings by config key. The KNIME nodes adapt {@code NodeSettingsRO} to this
 * interface and the headless runner adapts a saved {@code settings.xml}, so every capability reads its
 * settings with one piece of code ({@code XSettings.fromConfig}) and validates them once.
 *
 * <p>Getters without a default throw {@link InvalidConfigException} naming the missing key, as KNIME's
 * {@code InvalidSettingsException} does.</p>
 */
public interface Config {

    boolean containsKey(String key);

    String getString(String key) throws InvalidConfigException;

    default String getString(String key, String fallback) throws InvalidConfigException {
        return containsKey(key) ? getString(key) : fallback;
    }

    int getInt(String key) throws InvalidConfigException;

    default int getInt(String key, int fallback) throws InvalidConfigException {
        return containsKey(key) ? getInt(key) : fallback;
    }

    long getLong(String key) throws InvalidConfigException;

    double getDouble(String key) throws InvalidConfigException;

    default double getDouble(String key, double fallback) throws InvalidConfigException {
        return containsKey(key) ? getDouble(key) : fallback;
    }

    boolean getBoolean(String key) throws InvalidConfigException;

    default boolean getBoolean(String key, boolean fallback) throws InvalidConfigException {
        return containsKey(key) ? getBoolean(key) : fallback;
    }

    List<String> getStringList(String key) throws InvalidConfigException;
}
