package org.knime.core.node.defaultnodesettings;

import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeDialogPane;
import org.knime.core.node.NodeSettingsWO;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class DefaultNodeSettingsPane extends NodeDialogPane {

    public DefaultNodeSettingsPane() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setDefaultTabTitle(final String tabTitle) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void createNewTab(final String tabTitle) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void createNewGroup(final String title) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void closeCurrentGroup() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void addDialogComponent(final DialogComponent diaC) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public final void saveSettingsTo(final NodeSettingsWO settings) throws InvalidSettingsException {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
