package org.medtl.core.model;

import ai.djl.ndarray.NDArray;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A network that returns the outputs of named layers for a batch of preprocessed images, in inference
 * mode (BatchNorm uses moving statistics, no dropout). Activation extraction runs on this, whether the
 * model is a backbone, a fine-tuned classifier or a TorchScript program.
 */
public interface LayerNetwork extends AutoCloseable {

    /** What the model is and where it came from. */
    ModelDescription description();

    /** Layers that {@link #forwardLayers} can return. */
    List<String> layerNames();

    /** The study's five layers for this network. */
    List<String> paperLayers();

    /**
     * Runs a (N, 3, H, W) float32 batch; outputs are (N, C, h, w) or (N, C), created in the input's manager.
     */
    Map<String, NDArray> forwardLayers(NDArray input, Collection<String> layers);

    @Override
    void close();
}
