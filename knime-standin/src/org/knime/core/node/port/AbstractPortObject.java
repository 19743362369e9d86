package org.knime.core.node.port;

/**
 * Signature stand-in for KNIME 5.5; see knime-standin/README.md. KNIME's protected save/load hooks for
 * subclasses are left out: the plugin only uses KNIME's own subclass ImagePortObject.
 */
public abstract class AbstractPortObject implements PortObject {
}
