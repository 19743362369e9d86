package org.medtl.core.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.medtl.core.runtime.DjlRuntime;

/** Runs one convolution through DjlRuntime, as every MedTL node does; {@link EngineChatterTest} runs it in a fresh JVM. */
public final class ConvolutionProbe {

    private ConvolutionProbe() {
    }

    public static void main(String[] args) {
        DjlRuntime.run(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                System.out.println(Conv2d.conv2d(m.ones(new Shape(1, 3, 16, 16)), m.ones(new Shape(4, 3, 3, 3)), null, new Shape(1, 1),
                        new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow().getShape());
            }
        });
    }
}
