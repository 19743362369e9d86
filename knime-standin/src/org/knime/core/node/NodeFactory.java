package org.knime.core.node;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class NodeFactory<T extends NodeModel> {

    protected NodeFactory() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public abstract T createNodeModel();

    protected abstract int getNrNodeViews();

    public abstract NodeView<T> createNodeView(final int viewIndex, final T nodeModel);

    protected abstract boolean hasDialog();

    protected abstract NodeDialogPane createNodeDialogPane();
}
