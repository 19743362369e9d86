package org.knime.core.node;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class AbstractNodeView<T extends AbstractNodeView.ViewableModel> {

    protected AbstractNodeView(final T viewableModel) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    protected abstract void modelChanged();

    protected abstract void callOpenView(final String title);

    protected abstract void callCloseView();

    public static interface ViewableModel {
    }
}
