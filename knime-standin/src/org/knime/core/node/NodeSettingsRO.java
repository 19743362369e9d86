package org.knime.core.node;

import org.knime.core.node.config.ConfigRO;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public interface NodeSettingsRO extends ConfigRO {

    NodeSettingsRO getNodeSettings(String key) throws InvalidSettingsException;
}
