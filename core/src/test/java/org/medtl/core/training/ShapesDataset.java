package org.medtl.core.training;

import ai.djl.ndarray.NDManager;
import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.ModelFolder;
import org.medtl.core.model.Provenance;
import org.medtl.core.model.ResNet;
import org.medtl.core.model.ResNetSpec;
import org.medtl.core.runtime.DjlRuntime;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the generated disc-versus-square task as PNG files with a manifest (two folds: each fold's
 * test quarter, val eighth, train the rest), and a small torchvision-layout ResNet backbone folder. The
 * torchvision layout's BatchNorm momentum (0.1) lets running statistics of a randomly initialised network
 * settle within a few epochs; Keras's 0.99 would need hundreds of steps before validation means anything.
 */
public final class ShapesDataset {

    /**
     * Widths of at least 16: libtorch 2.7.1 on CPU intermittently returns NaN input gradients from 3x3
     * convolutions with 4 or 8 channels (seen with DJL 0.36), so narrower test networks cannot train.
     */
    static final ResNetSpec SMALL = new ResNetSpec(ResNetSpec.Layout.TORCHVISION, false, List.of(1, 1, 1, 1),
            List.of(16, 16, 32, 32), 16);

    private ShapesDataset() {
    }

    public static Path write(Path folder, int count, int size, long seed) throws IOException {
        SyntheticShapes data = new SyntheticShapes(count, size, seed);
        Files.createDirectories(folder.resolve("images"));
        StringBuilder csv = new StringBuilder("id,path,label,group,fold_0,fold_1\n");
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = data.images[i][y * size + x];
                    int g = Math.max(0, Math.min(255, Math.round(64 + 128 * v)));
                    img.getRaster().setSample(x, y, 0, g);
                }
            }
            String name = "images/img" + i + ".png";
            ImageIO.write(img, "png", folder.resolve(name).toFile());
            String label = data.labels[i] == 0 ? "disc" : "square";
            csv.append("img").append(i).append(',').append(name).append(',').append(label).append(",P").append(i)
                    .append(',').append(split(i, count, 0)).append(',').append(split(i, count, 1)).append('\n');
        }
        Path manifest = folder.resolve("manifest.csv");
        Files.writeString(manifest, csv, StandardCharsets.UTF_8);
        return manifest;
    }

    /** Fold f: test = the f-th quarter of the positions, val = the next eighth, train = the rest. */
    private static String split(int i, int count, int fold) {
        int quarter = count / 4;
        int testStart = fold * quarter;
        int valStart = (testStart + quarter) % count;
        if (i >= testStart && i < testStart + quarter) {
            return "test";
        }
        if (i >= valStart && i < valStart + count / 8) {
            return "val";
        }
        return "train";
    }

    public static Path backbone(Path folder, long seed) throws IOException {
        return backbone(folder, seed, SMALL);
    }

    static Path backbone(Path folder, long seed, ResNetSpec spec) throws IOException {
        return DjlRuntime.call(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
                ResNet net = ResNet.build(spec);
                net.initialize(m, seed);
                ModelDescription d = new ModelDescription("custom", spec, "torchvision", 0, null, List.of(),
                        new Provenance("random", null, null, seed, Map.of(), Map.of(), "2026-01-01T00:00:00Z"));
                ModelFolder.save(folder, d, net);
                return folder;
            }
        });
    }
}
