package org.medtl.core.model;

import ai.djl.ndarray.NDManager;
import org.medtl.core.runtime.DjlRuntime;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Builds a backbone from its settings: seeded random weights, a Keras {@code .h5} or a torchvision {@code .pth}. */
public final class Backbones {

    private Backbones() {
    }

    /**
     * Builds and fills the backbone. TorchScript files are not loaded here: they are programs whose
     * layers MedTL cannot address by name; open them with {@link LayerNetworks#open}.
     */
    public static ModelFolder.Loaded load(BackboneSettings s, NDManager manager) throws IOException {
        return load(s, Architecture.fromKey(s.architecture()).spec(), manager);
    }

    /** As {@link #load(BackboneSettings, NDManager)} with an explicit spec (custom widths for tests). */
    public static ModelFolder.Loaded load(BackboneSettings s, ResNetSpec spec, NDManager manager) throws IOException {
        s.checkFileReadable();
        ResNet net = ResNet.build(spec);
        String architecture = Architecture.keyOf(spec);
        String expectedLayout = spec.layout() == ResNetSpec.Layout.KERAS ? "keras-h5" : "pth";
        switch (s.source()) {
            case RANDOM -> net.initialize(manager, s.seed());
            case KERAS_H5, PTH -> {
                if (!s.source().key().equals(expectedLayout)) {
                    throw new IllegalArgumentException("Weight file " + s.weightsFile().getFileName() + " is a "
                            + s.source().key() + " file but " + architecture + " is a "
                            + spec.layout().name().toLowerCase() + "-layout network, which loads "
                            + expectedLayout + " files. Keras and torchvision ResNets are different networks;"
                            + " choose the matching architecture.");
                }
                Map<String, HostTensor> tensors = s.source() == WeightSource.KERAS_H5 ? KerasH5Weights.read(s.weightsFile())
                        : TorchStateDict.read(s.weightsFile()).tensors();
                WeightAssignment.assign(net.namedParameters(), tensors, manager, s.weightsFile().getFileName().toString());
            }
            case MEDTL_MODEL -> {
                Path source = ModelFolder.single(s.weightsFile());
                ModelFolder.Loaded trained = ModelFolder.load(source, manager);
                if (!trained.description().spec().equals(spec)) {
                    throw new IllegalArgumentException("Model " + source + " is a " + trained.description().architecture()
                            + " with spec " + trained.description().spec() + ", but setting '" + BackboneSettings.KEY_ARCHITECTURE
                            + "' asks for " + architecture + " (" + spec + "). Choose the architecture the model was trained with.");
                }
                net = trained.backbone();
                ModelDescription d = new ModelDescription(architecture, spec, s.preprocessing(), s.inputSize(), null, null,
                        provenance(s, s.source().key(), null, ModelFolder.weightsFile(source)));
                return new ModelFolder.Loaded(d, net, null);
            }
            case TORCHSCRIPT -> throw new IllegalArgumentException("TorchScript file " + s.weightsFile().getFileName()
                    + " runs as an opaque program; it cannot be used as a " + architecture + " backbone for fine-tuning."
                    + " Use a Keras .h5 or torchvision .pth file, or use the TorchScript file for activation extraction only.");
            default -> throw new IllegalStateException(s.source().toString());
        }
        ModelDescription d = new ModelDescription(architecture, spec, s.preprocessing(), s.inputSize(), null, null,
                provenance(s, s.source().key(), s.source() == WeightSource.RANDOM ? Long.valueOf(s.seed()) : null));
        return new ModelFolder.Loaded(d, net, null);
    }

    static Provenance provenance(BackboneSettings s, String sourceKey, Long seed) throws IOException {
        return provenance(s, sourceKey, seed, s.weightsFile());
    }

    private static Provenance provenance(BackboneSettings s, String sourceKey, Long seed, Path f) throws IOException {
        return new Provenance(sourceKey, f == null ? null : f.getFileName().toString(), f == null ? null : sha256(f), seed,
                s.asProvenance(), DjlRuntime.versions(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /**
     * The Pretrained Backbone's entry point (KNIME node, CLI, headless runner): builds the backbone the
     * settings describe and saves it as a model folder.
     */
    public static ModelDescription save(BackboneSettings s, Path folder) {
        return save(s, Architecture.fromKey(s.architecture()).spec(), folder);
    }

    /** As {@link #save(BackboneSettings, Path)} with an explicit spec (custom widths for tests). */
    static ModelDescription save(BackboneSettings s, ResNetSpec spec, Path folder) {
        return DjlRuntime.call(() -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                ModelFolder.Loaded loaded = load(s, spec, manager);
                if (s.source() == WeightSource.MEDTL_MODEL) {
                    // The backbone is the source model's, unchanged: share its weight file instead of writing a copy.
                    Path source = ModelFolder.single(s.weightsFile());
                    ModelDescription trained = ModelFolder.readDescription(source);
                    List<String> head = trained.head() == null ? List.of()
                            : Classifier.headParameterNames(trained.head(), trained.spec().layout());
                    String storage = ModelFolder.saveLinked(folder, loaded.description(), ModelFolder.weightsFile(source), head);
                    if (storage.startsWith("reference")) {
                        LoggerFactory.getLogger(Backbones.class).warn("Backbone {}: weights stored as a {}", folder, storage);
                    }
                    return loaded.description();
                }
                ModelFolder.save(folder, loaded.description(), loaded.backbone());
                return loaded.description();
            }
        });
    }

    /** SHA-256 of a file, lower-case hex: provenance names weights by content, not only by name. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
