package org.knime.core.node.workflow;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class NodeID {

    private NodeID() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public int getIndex() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
