package org.knime.core.node.config.base;

/** Signature stand-in for KNIME 5.5 (bundle org.knime.core.util); see knime-standin/README.md. */
public interface ConfigBaseWO {

    public void addString(final String key, final String value);

    public void addInt(final String key, final int value);

    public void addLong(final String key, final long value);

    public void addDouble(final String key, final double value);

    public void addBoolean(final String key, final boolean value);

    public void addStringArray(final String key, final String... values);
}
