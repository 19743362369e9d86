package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class SettingsModelInteger extends SettingsModelNumber {

    public SettingsModelInteger(final String configName, final int defaultValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setIntValue(final int newValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public int getIntValue() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
