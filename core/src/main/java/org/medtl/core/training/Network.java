package org.medtl.core.training;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the loop needs from a classifier: a forward pass, its backbone stages (then {@value #HEAD}),
 * and a way to choose which stages train.
 *
 * <p>A frozen stage must run with BatchNorm in inference mode (running statistics used and left
 * unchanged), as Keras does for {@code trainable = False} layers since TF 2.0, while trained stages and
 * the head's dropout run in training mode; so {@link #forward} with {@code training = true} applies the
 * flag stage by stage.</p>
 */
interface Network {

    String HEAD = "head";

    /** Logits (N, C); frozen stages run in inference mode. */
    NDList forward(ParameterStore ps, NDList input, boolean training);

    /** Backbone stage names in forward order, followed by {@value #HEAD}. */
    List<String> stageNames();

    /** Trains exactly the given stages; the parameters of every other stage are frozen. */
    void setTrainable(Set<String> stages);

    /** Every parameter, including BatchNorm running statistics, by a stable unique name. */
    PairList<String, Parameter> parameters();

    /** The stages from {@code first} (a backbone stage) to the head. */
    default Set<String> stagesFrom(String first) {
        List<String> names = stageNames();
        int i = names.indexOf(first);
        if (i < 0 || first.equals(HEAD)) {
            throw new IllegalArgumentException("Mode from-stage:" + first + ": no backbone stage '" + first
                    + "'; this architecture's stages are " + String.join(", ", names.subList(0, names.size() - 1)) + ".");
        }
        return new LinkedHashSet<>(names.subList(i, names.size()));
    }

    default Set<String> all() {
        return new LinkedHashSet<>(stageNames());
    }
}
