package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class SettingsModelLong extends SettingsModelNumber {

    public SettingsModelLong(final String configName, final long defaultValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setLongValue(final long value) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public long getLongValue() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
