package org.medtl.knime.port;

import java.io.IOException;
import java.util.Map;

import org.knime.core.node.port.PortObjectSpecZipInputStream;
import org.knime.core.node.port.PortObjectSpecZipOutputStream;

/** Spec of a {@link ActivationSetPortObject}: properties of an activation set folder (one .npy per layer + activations.json). */
public final class ActivationSetPortObjectSpec extends FolderPortObjectSpec {

    public ActivationSetPortObjectSpec(Map<String, String> properties) {
        super(properties);
    }

    /** Registered at extension point org.knime.core.PortType. */
    public static final class Serializer extends PortObjectSpecSerializer<ActivationSetPortObjectSpec> {

        @Override
        public void savePortObjectSpec(ActivationSetPortObjectSpec spec, PortObjectSpecZipOutputStream out)
            throws IOException {
            writeProperties(spec.properties(), out);
        }

        @Override
        public ActivationSetPortObjectSpec loadPortObjectSpec(PortObjectSpecZipInputStream in) throws IOException {
            return new ActivationSetPortObjectSpec(readProperties(in));
        }
    }
}
