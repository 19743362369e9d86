package org.medtl.core.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Copies named tensors into a network's parameters after checking that the two match exactly: every
 * parameter present, no tensor left over, every shape equal. A partial load would silently mix trained
 * and random weights, which is why there is no lenient mode.
 */
final class WeightAssignment {

    private WeightAssignment() {
    }

    /**
     * @param target   parameters by weight-file name
     * @param source   tensors by the same names
     * @param manager  where uninitialised parameters get their arrays
     * @param origin   the file or folder, named in errors
     */
    static void assign(Map<String, Parameter> target, Map<String, HostTensor> source, NDManager manager, String origin) {
        List<String> missing = new ArrayList<>();
        for (String name : target.keySet()) {
            if (!source.containsKey(name)) {
                missing.add(name);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String name : source.keySet()) {
            if (!target.containsKey(name)) {
                extra.add(name);
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            StringBuilder sb = new StringBuilder("Weights in ").append(origin).append(" do not fit the network: ");
            if (!missing.isEmpty()) {
                sb.append(missing.size()).append(" weight(s) missing (first: ").append(missing.get(0)).append(" ")
                        .append(target.get(missing.get(0)).getShape()).append(")");
            }
            if (!extra.isEmpty()) {
                sb.append(missing.isEmpty() ? "" : "; ").append(extra.size()).append(" weight(s) not in the network (first: ")
                        .append(extra.get(0)).append(" ").append(source.get(extra.get(0)).shapeText()).append(")");
            }
            sb.append(". Check that the architecture matches the file (Keras and torchvision ResNets are different networks,"
                    + " ResNet-18 is not ResNet-50).");
            throw new IllegalArgumentException(sb.toString());
        }
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            HostTensor t = source.get(e.getKey());
            Shape expected = e.getValue().getShape();
            if (!Arrays.equals(expected.getShape(), t.shape())) {
                throw new IllegalArgumentException("Weight " + e.getKey() + " in " + origin + " has shape " + t.shapeText()
                        + " but the network needs " + expected + ". Check that the architecture matches the file.");
            }
        }
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            Parameter p = e.getValue();
            HostTensor t = source.get(e.getKey());
            if (p.isInitialized()) {
                p.getArray().set(FloatBuffer.wrap(t.data()));
            } else {
                p.setInitializer((m, shape, type) -> m.create(t.data(), shape));
                p.initialize(manager, DataType.FLOAT32);
            }
        }
    }
}
