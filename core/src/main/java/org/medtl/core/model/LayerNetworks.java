package org.medtl.core.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import org.medtl.core.runtime.DjlRuntime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Opens a {@link LayerNetwork} from a model folder, from backbone settings, or from a TorchScript file. */
public final class LayerNetworks {

    private LayerNetworks() {
    }

    /** A model folder (backbone or fine-tuned classifier). */
    public static LayerNetwork open(Path modelFolder, NDManager manager) throws IOException {
        return of(ModelFolder.load(modelFolder, manager), manager);
    }

    /** Backbone settings; TorchScript files open as {@link #openTorchScript programs}. */
    public static LayerNetwork open(BackboneSettings s, NDManager manager) throws IOException {
        if (s.source() == WeightSource.TORCHSCRIPT) {
            s.checkFileReadable();
            ModelDescription d = new ModelDescription(s.architecture(), Architecture.fromKey(s.architecture()).spec(),
                    s.preprocessing(), s.inputSize(), null, null, Backbones.provenance(s, s.source().key(), null));
            return openTorchScript(s.weightsFile(), d);
        }
        return of(Backbones.load(s, manager), manager);
    }

    /** A loaded model; the network's arrays stay owned by the caller's manager. */
    public static LayerNetwork of(ModelFolder.Loaded loaded, NDManager manager) {
        ResNet net = loaded.backbone();
        ParameterStore ps = new ParameterStore(manager, false);
        return new LayerNetwork() {
            @Override
            public ModelDescription description() {
                return loaded.description();
            }

            @Override
            public List<String> layerNames() {
                return net.layerNames();
            }

            @Override
            public List<String> paperLayers() {
                return net.paperLayers();
            }

            @Override
            public Map<String, NDArray> forwardLayers(NDArray input, Collection<String> layers) {
                return DjlRuntime.withoutGradients(() -> net.forwardLayers(ps, input, layers, false));
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A TorchScript program run by libtorch through DJL. TorchScript is executable code: open only files
     * from a source you trust. Its {@code forward} must return either one tensor (exposed as layer
     * {@code output}) or a {@code Dict[str, Tensor]} of named layer outputs (what {@code tools/} exports).
     */
    public static LayerNetwork openTorchScript(Path file, ModelDescription description) throws IOException {
        Model model = DjlRuntime.call(() -> Model.newInstance(file.getFileName().toString(), DjlRuntime.ENGINE));
        try {
            DjlRuntime.call(() -> {
                model.load(file.toAbsolutePath().getParent(), file.getFileName().toString());
                return null;
            });
        } catch (RuntimeException e) {
            model.close();
            Throwable c = e.getCause();
            if (c instanceof IOException || c instanceof MalformedModelException) {
                throw new IOException("TorchScript file " + file.getFileName() + " cannot be loaded: " + c.getMessage(), c);
            }
            throw new IOException("TorchScript file " + file.getFileName() + " cannot be loaded: " + e.getMessage(), e);
        }
        PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
        List<String> probe = new ArrayList<>();
        return new LayerNetwork() {
            @Override
            public ModelDescription description() {
                return description;
            }

            @Override
            public List<String> layerNames() {
                return probe.isEmpty() ? List.of("output") : List.copyOf(probe);
            }

            @Override
            public List<String> paperLayers() {
                return ResNet.build(description.spec()).paperLayers();
            }

            @Override
            public Map<String, NDArray> forwardLayers(NDArray input, Collection<String> layers) {
                PtNDManager m = (PtNDManager) input.getManager();
                Map<String, NDArray> all = new LinkedHashMap<>();
                boolean grad = JniUtils.isGradMode();
                JniUtils.setGradMode(false);
                try (IValue in = IValue.from((PtNDArray) input); IValue out = block.forward(in)) {
                    if (out.isTensor()) {
                        all.put("output", out.toTensor(m));
                    } else if (out.isMap()) {
                        for (Map.Entry<String, IValue> e : out.toIValueMap().entrySet()) {
                            try (IValue v = e.getValue()) {
                                all.put(e.getKey(), v.toTensor(m));
                            }
                        }
                    } else {
                        throw new IllegalArgumentException("TorchScript file " + file.getFileName() + " returns " + out.getType()
                                + "; MedTL needs a tensor or a Dict[str, Tensor] of named layer outputs.");
                    }
                } finally {
                    JniUtils.setGradMode(grad);
                }
                if (probe.isEmpty()) {
                    // libtorch returns dicts unordered; list them in network order where the names are known
                    List<String> order = ResNet.build(description.spec()).layerNames();
                    List<String> names = new ArrayList<>(all.keySet());
                    names.sort(java.util.Comparator.comparingInt(n -> order.contains(n) ? order.indexOf(n) : Integer.MAX_VALUE));
                    probe.addAll(names);
                }
                Map<String, NDArray> result = new LinkedHashMap<>();
                for (String l : layers) {
                    NDArray a = all.get(l);
                    if (a == null) {
                        throw new IllegalArgumentException("TorchScript file " + file.getFileName() + " does not output layer '"
                                + l + "'; it outputs " + all.keySet() + ".");
                    }
                    result.put(l, a);
                }
                return result;
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }
}
