package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class SettingsModelString extends SettingsModel {

    public SettingsModelString(final String configName, final String defaultValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setStringValue(final String newValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public String getStringValue() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
