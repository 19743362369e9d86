package org.knime.core.node.workflow;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class NodeContext {

    private NodeContext() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public NodeContainer getNodeContainer() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public static NodeContext getContext() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
