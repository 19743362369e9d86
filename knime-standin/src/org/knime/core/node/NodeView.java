package org.knime.core.node;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class NodeView<T extends NodeModel> extends AbstractNodeView<T> {

    protected NodeView(final T nodeModel) {
        super(nodeModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    protected void callOpenView(final String title) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public final void callCloseView() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected abstract void onClose();

    protected abstract void onOpen();
}
