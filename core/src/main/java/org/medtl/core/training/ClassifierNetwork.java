package org.medtl.core.training;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medtl.core.model.Classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The model capability's {@link Classifier} (ResNet backbone + head) as the loop's {@link Network}. */
final class ClassifierNetwork implements Network {

    private final Classifier classifier;
    private final List<String> stages;

    ClassifierNetwork(Classifier classifier) {
        this.classifier = classifier;
        List<String> names = new ArrayList<>(classifier.backbone().stageNames());
        names.add(HEAD);
        stages = List.copyOf(names);
    }

    Classifier classifier() {
        return classifier;
    }

    @Override
    public NDList forward(ParameterStore ps, NDList input, boolean training) {
        // The backbone runs each frozen stage in inference mode itself (ResNet#isStageTrainable).
        return classifier.forward(ps, input, training);
    }

    @Override
    public List<String> stageNames() {
        return stages;
    }

    @Override
    public void setTrainable(Set<String> trainable) {
        for (String s : trainable) {
            if (!stages.contains(s)) {
                throw new IllegalArgumentException("Stage '" + s + "' is not in this network; its stages are " + stages + ".");
            }
        }
        for (String s : classifier.backbone().stageNames()) {
            classifier.backbone().setStageTrainable(s, trainable.contains(s));
        }
        for (Parameter p : classifier.headParameters().values()) {
            p.freeze(!trainable.contains(HEAD));
        }
    }

    @Override
    public PairList<String, Parameter> parameters() {
        PairList<String, Parameter> all = new PairList<>();
        for (Map.Entry<String, Parameter> e : classifier.namedParameters().entrySet()) {
            all.add(e.getKey(), e.getValue());
        }
        return all;
    }
}
