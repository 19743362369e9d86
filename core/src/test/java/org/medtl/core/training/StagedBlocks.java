package org.medtl.core.training;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A tiny network for loop tests: named DJL blocks run one after another. */
final class StagedBlocks implements Network {

    private final List<String> names;
    private final List<Block> blocks;
    private final Set<String> trainable = new LinkedHashSet<>();

    StagedBlocks(List<String> names, List<Block> blocks) {
        this.names = List.copyOf(names);
        this.blocks = List.copyOf(blocks);
        trainable.addAll(names);
    }

    @Override
    public NDList forward(ParameterStore ps, NDList input, boolean training) {
        NDList x = input;
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).forward(ps, x, training && trainable.contains(names.get(i)));
        }
        return x;
    }

    @Override
    public List<String> stageNames() {
        return names;
    }

    @Override
    public void setTrainable(Set<String> stages) {
        trainable.clear();
        trainable.addAll(stages);
        for (int i = 0; i < blocks.size(); i++) {
            boolean freeze = !trainable.contains(names.get(i));
            for (var pair : blocks.get(i).getParameters()) {
                Parameter.Type type = pair.getValue().getType();
                // BatchNorm statistics never take gradients; unfreezing them breaks PyTorch's batch_norm.
                if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                    pair.getValue().freeze(freeze);
                }
            }
        }
    }

    @Override
    public PairList<String, Parameter> parameters() {
        PairList<String, Parameter> all = new PairList<>();
        for (int i = 0; i < blocks.size(); i++) {
            for (var pair : blocks.get(i).getParameters()) {
                all.add(names.get(i) + "/" + pair.getKey(), pair.getValue());
            }
        }
        return all;
    }
}
