package org.knime.core.node;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class NodeDialogPane {

    protected NodeDialogPane() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected abstract void saveSettingsTo(final NodeSettingsWO settings) throws InvalidSettingsException;
}
