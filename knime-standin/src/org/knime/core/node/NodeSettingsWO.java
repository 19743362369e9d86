package org.knime.core.node;

import org.knime.core.node.config.ConfigWO;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public interface NodeSettingsWO extends ConfigWO {

    NodeSettingsWO addNodeSettings(String key);
}
