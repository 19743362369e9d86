package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class SettingsModelDoubleBounded extends SettingsModelDouble {

    public SettingsModelDoubleBounded(final String configName, final double defaultValue, final double minValue,
        final double maxValue) {
        super(configName, defaultValue);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
