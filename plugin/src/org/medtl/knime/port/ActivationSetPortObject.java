package org.medtl.knime.port;

import java.io.IOException;

import org.knime.core.data.filestore.FileStore;
import org.knime.core.node.ExecutionMonitor;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortObjectZipInputStream;
import org.knime.core.node.port.PortObjectZipOutputStream;
import org.knime.core.node.port.PortType;
import org.knime.core.node.port.PortTypeRegistry;

/** Port object for an activation set folder (one .npy per layer + activations.json), kept in a file store. */
public final class ActivationSetPortObject extends FolderPortObject<ActivationSetPortObjectSpec> {

    public static final PortType TYPE = PortTypeRegistry.getInstance().getPortType(ActivationSetPortObject.class);

    /** @param folder a file store whose file the core has written the folder into */
    public ActivationSetPortObject(FileStore folder, ActivationSetPortObjectSpec spec) {
        super(folder, spec);
    }

    private ActivationSetPortObject(ActivationSetPortObjectSpec spec) {
        super(spec);
    }

    // Declared with the concrete type: KNIME derives the port's spec class from this method's return type.
    @Override
    public ActivationSetPortObjectSpec getSpec() {
        return spec();
    }

    @Override
    public String getSummary() {
        return PortSummary.of("MedTL activation set", spec().properties());
    }

    /** Registered at extension point org.knime.core.PortType. */
    public static final class Serializer extends PortObjectSerializer<ActivationSetPortObject> {

        @Override
        public void savePortObject(ActivationSetPortObject portObject, PortObjectZipOutputStream out, ExecutionMonitor exec)
            throws IOException {
            writeMarker(out);
        }

        @Override
        public ActivationSetPortObject loadPortObject(PortObjectZipInputStream in, PortObjectSpec spec, ExecutionMonitor exec)
            throws IOException {
            readMarker(in);
            return new ActivationSetPortObject((ActivationSetPortObjectSpec)spec);
        }
    }
}
