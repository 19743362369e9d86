package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class SettingsModelNumber extends SettingsModel {
}
