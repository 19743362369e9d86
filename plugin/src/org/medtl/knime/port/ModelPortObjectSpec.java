package org.medtl.knime.port;

import java.io.IOException;
import java.util.Map;

import org.knime.core.node.port.PortObjectSpecZipInputStream;
import org.knime.core.node.port.PortObjectSpecZipOutputStream;

/** Spec of a {@link ModelPortObject}: properties of a network in a model folder (model.json + weights): a pretrained backbone or a fine-tuned model. */
public final class ModelPortObjectSpec extends FolderPortObjectSpec {

    public ModelPortObjectSpec(Map<String, String> properties) {
        super(properties);
    }

    /** Registered at extension point org.knime.core.PortType. */
    public static final class Serializer extends PortObjectSpecSerializer<ModelPortObjectSpec> {

        @Override
        public void savePortObjectSpec(ModelPortObjectSpec spec, PortObjectSpecZipOutputStream out)
            throws IOException {
            writeProperties(spec.properties(), out);
        }

        @Override
        public ModelPortObjectSpec loadPortObjectSpec(PortObjectSpecZipInputStream in) throws IOException {
            return new ModelPortObjectSpec(readProperties(in));
        }
    }
}
