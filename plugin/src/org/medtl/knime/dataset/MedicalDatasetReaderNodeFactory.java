package org.medtl.knime.dataset;

import org.knime.core.node.NodeDialogPane;
import org.knime.core.node.NodeFactory;
import org.knime.core.node.NodeView;

/** Factory of the Medical Dataset Reader node. */
public final class MedicalDatasetReaderNodeFactory extends NodeFactory<MedicalDatasetReaderNodeModel> {

    @Override
    public MedicalDatasetReaderNodeModel createNodeModel() {
        return new MedicalDatasetReaderNodeModel();
    }

    @Override
    protected int getNrNodeViews() {
        return 0;
    }

    @Override
    public NodeView<MedicalDatasetReaderNodeModel> createNodeView(int viewIndex, MedicalDatasetReaderNodeModel nodeModel) {
        throw new IndexOutOfBoundsException("The Medical Dataset Reader node has no views, asked for view " + viewIndex);
    }

    @Override
    protected boolean hasDialog() {
        return true;
    }

    @Override
    protected NodeDialogPane createNodeDialogPane() {
        return new MedicalDatasetReaderNodeDialog();
    }
}
