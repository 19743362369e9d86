package org.medtl.knime.port;

import java.io.IOException;

import javax.swing.ImageIcon;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JScrollPane;

import org.knime.core.data.filestore.FileStore;
import org.knime.core.node.ExecutionMonitor;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortObjectZipInputStream;
import org.knime.core.node.port.PortObjectZipOutputStream;
import org.knime.core.node.port.PortType;
import org.knime.core.node.port.PortTypeRegistry;
import org.medtl.core.model.FilterFigure;

/** Port object for a network in a model folder (model.json + weights): a pretrained backbone or a fine-tuned model, kept in a file store. */
public final class ModelPortObject extends FolderPortObject<ModelPortObjectSpec> {

    public static final PortType TYPE = PortTypeRegistry.getInstance().getPortType(ModelPortObject.class);

    public static final PortType TYPE_OPTIONAL = PortTypeRegistry.getInstance().getPortType(ModelPortObject.class, true);

    /** @param folder a file store whose file the core has written the folder into */
    public ModelPortObject(FileStore folder, ModelPortObjectSpec spec) {
        super(folder, spec);
    }

    private ModelPortObject(ModelPortObjectSpec spec) {
        super(spec);
    }

    // Declared with the concrete type: KNIME derives the port's spec class from this method's return type.
    @Override
    public ModelPortObjectSpec getSpec() {
        return spec();
    }

    /** The properties, and the paper's first-layer filter figure of the network ({@link FilterFigure}). */
    @Override
    public JComponent[] getViews() {
        JComponent[] properties = super.getViews();
        JComponent[] views = java.util.Arrays.copyOf(properties, properties.length + 1);
        JComponent filters;
        try {
            byte[] png = FilterFigure.png("first-layer filters (first 36, input channel 0)", folder());
            filters = new JScrollPane(new JLabel(new ImageIcon(png)));
        } catch (IOException | RuntimeException e) {
            filters = new JLabel("The first-layer filters cannot be shown: " + e.getMessage());
        }
        filters.setName("First-layer filters");
        views[properties.length] = filters;
        return views;
    }

    @Override
    public String getSummary() {
        return PortSummary.of("MedTL model", spec().properties());
    }

    /** Registered at extension point org.knime.core.PortType. */
    public static final class Serializer extends PortObjectSerializer<ModelPortObject> {

        @Override
        public void savePortObject(ModelPortObject portObject, PortObjectZipOutputStream out, ExecutionMonitor exec)
            throws IOException {
            writeMarker(out);
        }

        @Override
        public ModelPortObject loadPortObject(PortObjectZipInputStream in, PortObjectSpec spec, ExecutionMonitor exec)
            throws IOException {
            readMarker(in);
            return new ModelPortObject((ModelPortObjectSpec)spec);
        }
    }
}
