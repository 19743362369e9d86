package org.medtl.core.config;

import java.util.List;

/**
 * Read access to a node's settings by config key. The KNIME nodes adapt {@code NodeSettingsRO} to this
 * interface and the headless runner adapts a saved {@code settings.xml}, so every capability reads its
 * settings with one piece of code ({@code XSettings.fromConfig}) and validates them once.
 *
 * <p>Getters without a default throw {@link InvalidConfigException} naming the missing key, as KNIME's
 * {@code InvalidSettingsException} does. Getters with a default use it only when the config {@link #defaultsMissing()
 * fills in missing settings}: the CLI's options do (a user gives only the options they change), saved node settings
 * do not (a renamed or removed key must not silently run with the default, as KNIME's own getters refuse it).</p>
 */
public interface Config {

    boolean containsKey(String key);

    /**
     * Whether getters with a default return it for a missing key. False for saved node settings: there a
     * missing key is an error naming the setting ({@link #getString(String)} and friends throw it).
     */
    default boolean defaultsMissing() {
        return true;
    }

    private boolean present(String key) {
        return containsKey(key) || !defaultsMissing();
    }

    String getString(String key) throws InvalidConfigException;

    default String getString(String key, String fallback) throws InvalidConfigException {
        return present(key) ? getString(key) : fallback;
    }

    int getInt(String key) throws InvalidConfigException;

    default int getInt(String key, int fallback) throws InvalidConfigException {
        return present(key) ? getInt(key) : fallback;
    }

    long getLong(String key) throws InvalidConfigException;

    default long getLong(String key, long fallback) throws InvalidConfigException {
        return present(key) ? getLong(key) : fallback;
    }

    double getDouble(String key) throws InvalidConfigException;

    default double getDouble(String key, double fallback) throws InvalidConfigException {
        return present(key) ? getDouble(key) : fallback;
    }

    boolean getBoolean(String key) throws InvalidConfigException;

    default boolean getBoolean(String key, boolean fallback) throws InvalidConfigException {
        return present(key) ? getBoolean(key) : fallback;
    }

    List<String> getStringList(String key) throws InvalidConfigException;

    default List<String> getStringList(String key, List<String> fallback) throws InvalidConfigException {
        return present(key) ? getStringList(key) : fallback;
    }
}
