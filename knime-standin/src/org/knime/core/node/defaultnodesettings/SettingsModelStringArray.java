package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class SettingsModelStringArray extends SettingsModel {

    public SettingsModelStringArray(final String configName, final String[] defaultValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setStringArrayValue(final String[] newValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public String[] getStringArrayValue() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
