package org.medtl.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** A copy of every parameter value (weights and BatchNorm statistics) in Java memory. */
final class ParameterSnapshot {

    private final Map<String, float[]> values = new LinkedHashMap<>();

    private ParameterSnapshot() {
    }

    static ParameterSnapshot of(Network network) {
        ParameterSnapshot s = new ParameterSnapshot();
        for (var pair : network.parameters()) {
            s.values.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
        }
        return s;
    }

    /** Writes the values back into the network's parameters, in place. */
    void restore(Network network) {
        PairList<String, Parameter> params = network.parameters();
        for (var pair : params) {
            float[] v = values.get(pair.getKey());
            if (v == null) {
                throw new IllegalStateException("Parameter " + pair.getKey() + " was not in the snapshot");
            }
            NDArray array = pair.getValue().getArray();
            array.set(FloatBuffer.wrap(v));
        }
    }

    float[] get(String name) {
        return values.get(name);
    }

    Map<String, float[]> values() {
        return values;
    }
}
