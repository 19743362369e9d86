package org.knime.core.node.config;

import org.knime.core.node.config.base.ConfigBaseWO;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public interface ConfigWO extends ConfigBaseWO {
}
