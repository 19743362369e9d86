package org.knime.core.node.defaultnodesettings;

import javax.swing.event.ChangeListener;

import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeSettingsRO;
import org.knime.core.node.NodeSettingsWO;

/**
 * Signature stand-in for KNIME 5.5; see knime-standin/README.md. KNIME's protected abstract hooks for
 * subclasses are left out: the plugin only uses KNIME's own concrete models.
 */
public abstract class SettingsModel {

    public SettingsModel() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void addChangeListener(final ChangeListener l) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setEnabled(final boolean enabled) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public boolean isEnabled() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public final void validateSettings(final NodeSettingsRO settings) throws InvalidSettingsException {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public final void loadSettingsFrom(final NodeSettingsRO settings) throws InvalidSettingsException {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public final void saveSettingsTo(final NodeSettingsWO settings) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
