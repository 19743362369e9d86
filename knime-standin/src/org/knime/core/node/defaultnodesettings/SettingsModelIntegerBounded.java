package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class SettingsModelIntegerBounded extends SettingsModelInteger {

    public SettingsModelIntegerBounded(final String configName, final int defaultValue, final int minValue,
        final int maxValue) {
        super(configName, defaultValue);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
