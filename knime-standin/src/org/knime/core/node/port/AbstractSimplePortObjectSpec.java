package org.knime.core.node.port;

import javax.swing.JComponent;

/**
 * Signature stand-in for KNIME 5.5; see knime-standin/README.md. KNIME's protected save/load hooks for
 * subclasses are left out: the plugin only uses KNIME's own subclass ImagePortObjectSpec.
 */
public abstract class AbstractSimplePortObjectSpec implements PortObjectSpec {

    public AbstractSimplePortObjectSpec() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public JComponent[] getViews() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
