package org.knime.core.node.workflow;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class NodeContainer {

    private NodeContainer() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public final NodeID getID() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public abstract String getName();
}
