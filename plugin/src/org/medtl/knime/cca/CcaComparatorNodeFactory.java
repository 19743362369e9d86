package org.medtl.knime.cca;

import org.knime.core.node.NodeDialogPane;
import org.knime.core.node.NodeFactory;
import org.knime.core.node.NodeView;

/** Factory of the CCA Comparator node. */
public final class CcaComparatorNodeFactory extends NodeFactory<CcaComparatorNodeModel> {

    @Override
    public CcaComparatorNodeModel createNodeModel() {
        return new CcaComparatorNodeModel();
    }

    @Override
    protected int getNrNodeViews() {
        return 0;
    }

    @Override
    public NodeView<CcaComparatorNodeModel> createNodeView(int viewIndex, CcaComparatorNodeModel nodeModel) {
        throw new IndexOutOfBoundsException("The CCA Comparator node has no views, asked for view " + viewIndex);
    }

    @Override
    protected boolean hasDialog() {
        return true;
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new CcaComparatorNodeDialog();
    }
}
