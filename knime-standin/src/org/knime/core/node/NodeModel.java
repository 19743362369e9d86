package org.knime.core.node;

import java.io.File;
import java.io.IOException;

import org.knime.core.node.AbstractNodeView.ViewableModel;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class NodeModel implements ViewableModel {

    protected NodeModel(final int nrInDataPorts, final int nrOutDataPorts) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected NodeModel(final PortType[] inPortTypes, final PortType[] outPortTypes) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected abstract void loadInternals(final File nodeInternDir, final ExecutionMonitor exec)
        throws IOException, CanceledExecutionException;

    protected abstract void saveInternals(final File nodeInternDir, final ExecutionMonitor exec)
        throws IOException, CanceledExecutionException;

    protected abstract void saveSettingsTo(final NodeSettingsWO settings);

    protected abstract void validateSettings(final NodeSettingsRO settings) throws InvalidSettingsException;

    protected abstract void loadValidatedSettingsFrom(final NodeSettingsRO settings) throws InvalidSettingsException;

    protected PortObject[] execute(final PortObject[] inObjects, final ExecutionContext exec) throws Exception {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected abstract void reset();

    protected PortObjectSpec[] configure(final PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected final void setWarningMessage(final String warningMessage) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected final NodeLogger getLogger() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
