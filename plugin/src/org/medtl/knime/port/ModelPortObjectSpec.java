package org.medtl.knime.port;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.knime.core.node.port.PortObjectSpecZipInputStream;
import org.knime.core.node.port.PortObjectSpecZipOutputStream;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.Provenance;

/** Spec of a {@link ModelPortObject}: properties of a network in a model folder (model.json + weights): a pretrained backbone or a fine-tuned model. */
public final class ModelPortObjectSpec extends FolderPortObjectSpec {

    public ModelPortObjectSpec(Map<String, String> properties) {
        super(properties);
    }

    /** The properties of a model folder's {@code model.json}, as a user reads them in the port view. */
    public static ModelPortObjectSpec of(ModelDescription d) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("architecture", d.architecture());
        p.put("head", d.head() == null ? "none (backbone)" : d.head().classes() + " classes, dropout " + d.head().dropout());
        if (!d.classes().isEmpty()) {
            p.put("classes", String.join(", ", d.classes()));
        }
        p.put("preprocessing", d.preprocessing());
        p.put("input size", d.inputSize() == 0 ? "native" : d.inputSize() + " px");
        Provenance v = d.provenance();
        if (v != null) {
            p.put("weights", v.weightsSource());
            putIfSet(p, "weights file", v.weightsFile());
            putIfSet(p, "weights SHA-256", v.weightsSha256());
            putIfSet(p, "seed", v.seed() == null ? null : v.seed().toString());
            putIfSet(p, "created", v.created());
            v.settings().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> p.put("setting " + e.getKey(), e.getValue()));
            v.versions().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> p.put("version " + e.getKey(), e.getValue()));
        }
        return new ModelPortObjectSpec(p);
    }

    /** Before execution: what the settings already tell. */
    public static ModelPortObjectSpec configured(Map<String, String> known) {
        return new ModelPortObjectSpec(known);
    }

    private static void putIfSet(Map<String, String> p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.put(key, value);
        }
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
