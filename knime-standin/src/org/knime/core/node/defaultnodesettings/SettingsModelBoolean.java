package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class SettingsModelBoolean extends SettingsModel {

    public SettingsModelBoolean(final String configName, final boolean defaultValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setBooleanValue(final boolean newValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public boolean getBooleanValue() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
