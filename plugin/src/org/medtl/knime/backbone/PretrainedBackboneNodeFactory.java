package org.medtl.knime.backbone;

import org.knime.core.node.NodeDialogPane;
import org.knime.core.node.NodeFactory;
import org.knime.core.node.NodeView;

/** Factory of the Pretrained Backbone node. */
public final class PretrainedBackboneNodeFactory extends NodeFactory<PretrainedBackboneNodeModel> {

    @Override
    public PretrainedBackboneNodeModel createNodeModel() {
        return new PretrainedBackboneNodeModel();
    }

    @Override
    protected int getNrNodeViews() {
        return 0;
    }

    @Override
    public NodeView<PretrainedBackboneNodeModel> createNodeView(int viewIndex, PretrainedBackboneNodeModel nodeModel) {
        throw new IndexOutOfBoundsException("The Pretrained Backbone node has no views, asked for view " + viewIndex);
    }

    @Override
    protected boolean hasDialog() {
        return true;
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new PretrainedBackboneNodeDialog();
    }
}
