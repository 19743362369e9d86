package org.medtl.knime.finetune;

import org.knime.core.node.NodeDialogPane;
import org.knime.core.node.NodeFactory;
import org.knime.core.node.NodeView;

/** Factory of the GPU Fine-Tuner node. */
public final class GpuFineTunerNodeFactory extends NodeFactory<GpuFineTunerNodeModel> {

    @Override
    public GpuFineTunerNodeModel createNodeModel() {
        return new GpuFineTunerNodeModel();
    }

    @Override
    protected int getNrNodeViews() {
        return 0;
    }

    @Override
    public NodeView<GpuFineTunerNodeModel> createNodeView(int viewIndex, GpuFineTunerNodeModel nodeModel) {
        throw new IndexOutOfBoundsException("The GPU Fine-Tuner node has no views, asked for view " + viewIndex);
    }

    @Override
    protected boolean hasDialog() {
        return true;
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new GpuFineTunerNodeDialog();
    }
}
