package org.medtl.knime.cca;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

import org.medtl.core.model.Architecture;
import org.medtl.core.similarity.ComparisonSettings;
import org.medtl.core.similarity.SimilarityMeasure;
import org.medtl.knime.base.SettingsDialog;

/** Dialog of the CCA Comparator. */
final class CcaComparatorNodeDialog extends SettingsDialog {

    CcaComparatorNodeDialog() {
        super(CcaComparatorNodeModel.defaults()::toConfig);
        setDefaultTabTitle("Protocol");
        addList(ComparisonSettings.CFG_MEASURES, "Measures",
            Arrays.stream(SimilarityMeasure.values()).map(SimilarityMeasure::key).toList(), true);
        // The study's five layers of every architecture; none selected compares every layer both sets have.
        LinkedHashSet<String> layers = new LinkedHashSet<>();
        for (Architecture a : Architecture.values()) {
            layers.addAll(a.paperLayers());
        }
        addList(ComparisonSettings.CFG_LAYERS, "Layers (none selected = all shared layers)", List.copyOf(layers), false);
        addNumber(ComparisonSettings.CFG_CHANNELS, "Random channels per repeat (0 = all)", 0, 1_000_000, 1);
        addNumber(ComparisonSettings.CFG_POSITIONS, "Data points per repeat (0 = all)", 0, 100_000_000, 1000);
        addNumber(ComparisonSettings.CFG_REPEATS, "Repeats", 1, 1000, 1);
        addNumber(ComparisonSettings.CFG_SEED, "Seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);

        createNewTab("Numerics");
        addNumber(ComparisonSettings.CFG_EPSILON, "CCA epsilon", 0, 1, 1e-12);
        addNumber(ComparisonSettings.CFG_VARIANCE_FRACTION, "SVCCA variance kept", 1e-6, 1, 0.01);
        addNumber(ComparisonSettings.CFG_DIRECTIONS, "SVCCA fixed directions (0 = use the fraction)", 0, 1_000_000, 1);
    }
}
