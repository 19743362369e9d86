package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class SettingsModelDouble extends SettingsModelNumber {

    public SettingsModelDouble(final String configName, final double defaultValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setDoubleValue(final double newValue) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public double getDoubleValue() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
