package org.knime.core.node.port.image;

import javax.swing.JComponent;

import org.knime.core.data.image.ImageContent;
import org.knime.core.node.port.AbstractPortObject;
import org.knime.core.node.port.PortType;
import org.knime.core.node.port.PortTypeRegistry;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class ImagePortObject extends AbstractPortObject {

    public static final PortType TYPE = PortTypeRegistry.getInstance().getPortType(ImagePortObject.class);

    public ImagePortObject(final ImageContent content, final ImagePortObjectSpec spec) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public String getSummary() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public ImagePortObjectSpec getSpec() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    @Override
    public JComponent[] getViews() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
