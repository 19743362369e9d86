package org.knime.core.node.config.base;

import java.util.Iterator;

import org.knime.core.node.InvalidSettingsException;

/** Signature stand-in for KNIME 5.5 (bundle org.knime.core.util); see knime-standin/README.md. */
public interface ConfigBaseRO extends Iterable<String> {

    public boolean containsKey(final String key);

    public String getString(final String key) throws InvalidSettingsException;

    public String getString(final String key, final String def);

    public int getInt(final String key) throws InvalidSettingsException;

    public int getInt(final String key, final int def);

    public long getLong(final String key) throws InvalidSettingsException;

    public long getLong(final String key, final long def);

    public double getDouble(final String key) throws InvalidSettingsException;

    public double getDouble(final String key, final double def);

    public boolean getBoolean(final String key) throws InvalidSettingsException;

    public boolean getBoolean(final String key, final boolean def);

    public String[] getStringArray(final String key) throws InvalidSettingsException;

    public String[] getStringArray(final String key, final String... def);

    @Override
    public Iterator<String> iterator();
}
