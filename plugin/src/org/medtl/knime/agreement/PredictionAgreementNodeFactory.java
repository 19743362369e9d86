package org.medtl.knime.agreement;

import org.knime.core.node.NodeDialogPane;
import org.knime.core.node.NodeFactory;
import org.knime.core.node.NodeView;

/** Factory of the Prediction Agreement node. */
public final class PredictionAgreementNodeFactory extends NodeFactory<PredictionAgreementNodeModel> {

    @Override
    public PredictionAgreementNodeModel createNodeModel() {
        return new PredictionAgreementNodeModel();
    }

    @Override
    protected int getNrNodeViews() {
        return 0;
    }

    @Override
    public NodeView<PredictionAgreementNodeModel> createNodeView(int viewIndex, PredictionAgreementNodeModel nodeModel) {
        throw new IndexOutOfBoundsException("The Prediction Agreement node has no views, asked for view " + viewIndex);
    }

    @Override
    protected boolean hasDialog() {
        return false;
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return null;
    }
}
