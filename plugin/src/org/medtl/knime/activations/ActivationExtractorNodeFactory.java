package org.medtl.knime.activations;

import org.knime.core.node.NodeDialogPane;
import org.knime.core.node.NodeFactory;
import org.knime.core.node.NodeView;

/** Factory of the Activation Extractor node. */
public final class ActivationExtractorNodeFactory extends NodeFactory<ActivationExtractorNodeModel> {

    @Override
    public ActivationExtractorNodeModel createNodeModel() {
        return new ActivationExtractorNodeModel();
    }

    @Override
    protected int getNrNodeViews() {
        return 0;
    }

    @Override
    public NodeView<ActivationExtractorNodeModel> createNodeView(int viewIndex, ActivationExtractorNodeModel nodeModel) {
        throw new IndexOutOfBoundsException("The Activation Extractor node has no views, asked for view " + viewIndex);
    }

    @Override
    protected boolean hasDialog() {
        return true;
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new ActivationExtractorNodeDialog();
    }
}
